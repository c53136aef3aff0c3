import { toBoolean, toCount, toDate, toNullableString, toStringArray } from '../../database/dialect/values';
import { SqlFragments } from '../../database/dialect/statement';
import { followingExpression } from '../../profiles/following.sql';
import { ArticleRow } from '../article.dto';

/** An article `a` and its author `u` as a response shows them, as the driver returns the row. */
export interface ArticleRaw {
  id: number | string;
  slug: string;
  title: string;
  description: string;
  favoritesCount: number | string;
  createdAt: Date | string;
  updatedAt: Date | string;
  tagList: string | string[] | null;
  authorId: number | string;
  authorUsername: string;
  authorBio: string | null;
  authorImage: string | null;
  favorited: number | string | boolean;
  following: number | string | boolean;
}

export type ArticleWithBodyRaw = ArticleRaw & { body: string };

/** Who reads: nobody signed in, or the viewer `:viewerId` (whose favorite and follow are looked up). */
export type Reader = 'anonymous' | 'viewer';

/**
 * The SELECT list of an article `a` and its author `u`; the tags are a JSON array built by a
 * correlated subquery on the article_tags primary key, `favorited` and `following` are
 * primary-key probes for a viewer and constant 0 for nobody.
 */
export function articleColumns(sql: SqlFragments, reader: Reader, withBody = false): string {
  const viewer = reader === 'viewer';
  const columns = [
    'a.id AS id, a.slug AS slug, a.title AS title, a.description AS description',
    'a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt',
    `(SELECT ${sql.jsonArrayAgg('t.name')} FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList`,
    'u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage',
    `${viewer ? 'EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id)' : '0'} AS favorited`,
    `${viewer ? followingExpression('a.author_id') : '0'} AS following`,
  ];
  return [...columns, ...(withBody ? ['a.body AS body'] : [])].join(',\n');
}

/**
 * The articles of a derived table of ids `(… id, sort_time …)` (one page, cut by its own LIMIT and
 * OFFSET), in its order, with `extra` columns after the article's.
 */
export function pageOfArticles(sql: SqlFragments, reader: Reader, ids: string, extra: string[] = []): string {
  return `SELECT ${[articleColumns(sql, reader), ...extra].join(',\n')}
    FROM (${ids}) page
    INNER JOIN articles a ON a.id = page.id
    INNER JOIN users u ON u.id = a.author_id
    ORDER BY page.sort_time DESC, page.id DESC`;
}

export function toArticleRow(raw: ArticleRaw): ArticleRow {
  return {
    id: toCount(raw.id),
    slug: raw.slug,
    title: raw.title,
    description: raw.description,
    tagList: toStringArray(raw.tagList),
    createdAt: toDate(raw.createdAt),
    updatedAt: toDate(raw.updatedAt),
    favorited: toBoolean(raw.favorited),
    favoritesCount: toCount(raw.favoritesCount),
    author: {
      id: toCount(raw.authorId),
      username: raw.authorUsername,
      bio: toNullableString(raw.authorBio),
      image: toNullableString(raw.authorImage),
      following: toBoolean(raw.following),
    },
  };
}
