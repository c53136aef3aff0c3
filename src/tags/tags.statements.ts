import { statement } from '../database/dialect/statement';

/**
 * Tags in use, by their counter, never by counting article rows: the first entries of the
 * (articles_count DESC, name) index, read in order.
 */
/** How many tags GET /api/tags answers. */
export const POPULAR_TAGS_LIMIT = 100;

export const POPULAR_TAGS = statement<{ limit: number }, { name: string }>(
  'TagsRepository.popular',
  () => `
    SELECT t.name AS name
    FROM tags t
    WHERE t.articles_count > 0
    ORDER BY t.articles_count DESC, t.name ASC
    LIMIT :limit
  `,
);
