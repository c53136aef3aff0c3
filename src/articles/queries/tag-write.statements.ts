import { statement, Statement } from '../../database/dialect/statement';

/** The largest number of tags one upsert is prepared for; the DTO allows fewer. */
const MAX_TAGS = 64;

const upsertTags = (count: number) =>
  statement<Record<string, string>>(`upsert ${count} tag${count === 1 ? '' : 's'}`, (sql) => {
    const rows = Array.from({ length: count }, (_, index) => `(:tag${index}, 1)`).join(', ');
    return `INSERT INTO tags (name, articles_count) VALUES ${rows} ${sql.upsertIncrement('name', 'articles_count')}`;
  });

const UPSERT_TAGS = new Map<number, Statement<Record<string, string>>>();

/**
 * Creates missing tags and counts the article in each, in one statement: an INSERT's rows cannot
 * be one list parameter, so there is a statement per number of tags, built on first use.
 */
export function upsertTagsStatement(count: number): Statement<Record<string, string>> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_TAGS) {
    throw new Error(`cannot upsert ${count} tags at once`);
  }
  let found = UPSERT_TAGS.get(count);
  if (!found) {
    found = upsertTags(count);
    UPSERT_TAGS.set(count, found);
  }
  return found;
}

/** `tag0`, `tag1`, … for upsertTagsStatement(names.length). */
export const tagParameters = (names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name, index) => [`tag${index}`, name]));

/** Two tags, as an example for the generated SQL files. */
export const UPSERT_TWO_TAGS = upsertTagsStatement(2);

/** Links the named tags to the article; reads only rows the transaction has locked already. */
export const LINK_TAGS = statement<{ names: readonly string[]; articleId: number }>(
  'link tags to an article',
  () => `INSERT INTO article_tags (article_id, tag_id, article_created_at)
    SELECT a.id, t.id, a.created_at FROM articles a JOIN tags t ON t.name IN (:...names)
    WHERE a.id = :articleId`,
);

export const ARTICLE_TAGS = statement<{ articleId: number }, { tagId: number | string; name: string }>(
  'an article’s tags',
  () => `SELECT art.tag_id AS tagId, t.name AS name
    FROM article_tags art INNER JOIN tags t ON t.id = art.tag_id
    WHERE art.article_id = :articleId`,
);

export const UNLINK_TAGS = statement<{ articleId: number; tagIds: readonly number[] }>(
  'unlink tags from an article',
  () => 'DELETE FROM article_tags WHERE article_id = :articleId AND tag_id IN (:...tagIds)',
);

/** The tags no longer on an article count one article fewer. */
export const UNCOUNT_TAGS = statement<{ tagIds: readonly number[] }>(
  'uncount tags',
  () => 'UPDATE tags SET articles_count = articles_count - 1 WHERE id IN (:...tagIds)',
);

/** Before a delete: each of the article's tags counts one article fewer. */
export const UNCOUNT_ARTICLE_TAGS = statement<{ articleId: number }>(
  'uncount an article’s tags',
  () => `UPDATE tags SET articles_count = articles_count - 1
    WHERE id IN (SELECT art.tag_id FROM article_tags art WHERE art.article_id = :articleId)`,
);
