import { SqlFragments, statement } from '../../database/dialect/statement';
import { ArticleRaw, pageOfArticles, Reader } from './article-columns';

/** The filters a list combines; a name is matched in lower case, as the unique indexes hold it. */
export interface ListFilters {
  tag?: string;
  author?: string;
  favorited?: string;
}

/** Which filters a list statement applies: one statement per combination. */
export interface ListShape {
  tag: boolean;
  author: boolean;
  favorited: boolean;
}

export interface ListParameters {
  [name: string]: string | number;
  counter: string;
  limit: number;
  offset: number;
  viewerId: number;
}

export type ListRaw = ArticleRaw & { total: number | string | null };

/**
 * The FROM, JOINs and WHERE of the ids matching the filters, and the index columns that order
 * them: driven by the most selective covering index, a user's favorites (user_id,
 * article_created_at, article_id), a tag's articles (tag_id, article_created_at, article_id), an
 * author's articles (author_id, created_at, id) or all articles (created_at, id). A name is joined
 * by its unique index, so the database reads that one row before the plan (a const table to
 * MariaDB, a one-row loop to SQLite) and the index's order still serves the sort.
 */
function matching(shape: ListShape): { id: string; time: string; from: string } {
  const byTag = (articleId: string) =>
    `INNER JOIN article_tags art ON art.article_id = ${articleId}
     INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag`;
  const byAuthor = (articleId: string) =>
    `INNER JOIN articles a ON a.id = ${articleId}
     INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author`;
  if (shape.favorited) {
    const joins = [shape.tag ? byTag('f.article_id') : '', shape.author ? byAuthor('f.article_id') : ''].join('\n');
    return {
      id: 'f.article_id',
      time: 'f.article_created_at',
      from: `users fu INNER JOIN favorites f ON f.user_id = fu.id ${joins} WHERE fu.username_key = :favorited`,
    };
  }
  if (shape.tag) {
    return {
      id: 'art.article_id',
      time: 'art.article_created_at',
      from: `tags ft INNER JOIN article_tags art ON art.tag_id = ft.id ${shape.author ? byAuthor('art.article_id') : ''}
        WHERE ft.name = :tag`,
    };
  }
  if (shape.author) {
    return {
      id: 'a.id',
      time: 'a.created_at',
      from: 'users au INNER JOIN articles a ON a.author_id = au.id WHERE au.username_key = :author',
    };
  }
  return { id: 'a.id', time: 'a.created_at', from: 'articles a' };
}

/**
 * A list's total: the one counter that holds it (the site's, the tag's, the author's articles or
 * the user's favorites; NULL for an unknown name), or a COUNT over the driving index when two or
 * more filters combine.
 */
function totalOf(shape: ListShape): string {
  if ([shape.tag, shape.author, shape.favorited].filter(Boolean).length > 1) {
    return `SELECT COUNT(*) FROM ${matching(shape).from}`;
  }
  if (shape.tag) {
    return 'SELECT ct.articles_count FROM tags ct WHERE ct.name = :tag';
  }
  if (shape.author) {
    return 'SELECT cu.articles_count FROM users cu WHERE cu.username_key = :author';
  }
  if (shape.favorited) {
    return 'SELECT cu.favorites_count FROM users cu WHERE cu.username_key = :favorited';
  }
  return 'SELECT cc.value FROM counters cc WHERE cc.name = :counter';
}

/**
 * A page of a list in one statement: a derived table picks the page of ids from a covering index
 * (so a deep offset walks index entries only), the outer query joins them with their author, flags
 * and tags, and the total rides along in every row (an uncorrelated subquery, run once).
 */
function listPage(sql: SqlFragments, shape: ListShape, reader: Reader): string {
  const { id, time, from } = matching(shape);
  const ids = `SELECT ${id} AS id, ${time} AS sort_time FROM ${from}
    ORDER BY ${time} DESC, ${id} DESC LIMIT :limit OFFSET :offset`;
  return pageOfArticles(sql, reader, ids, [`(${totalOf(shape)}) AS total`]);
}

const SHAPES: ListShape[] = [false, true].flatMap((tag) =>
  [false, true].flatMap((author) => [false, true].map((favorited) => ({ tag, author, favorited }))),
);

const shapeName = (shape: ListShape): string =>
  (Object.keys(shape) as (keyof ListShape)[]).filter((key) => shape[key]).join(', ') || 'no filter';

const shapeIndex = (shape: ListShape): number =>
  (shape.tag ? 4 : 0) + (shape.author ? 2 : 0) + (shape.favorited ? 1 : 0);

const LIST_PAGES = SHAPES.map((shape) => ({
  anonymous: statement<ListParameters, ListRaw>(`list by ${shapeName(shape)}, anonymous`, (sql) =>
    listPage(sql, shape, 'anonymous'),
  ),
  viewer: statement<ListParameters, ListRaw>(`list by ${shapeName(shape)}, viewer`, (sql) =>
    listPage(sql, shape, 'viewer'),
  ),
}));

/** An empty page's total alone (past the end, or a name that matches nothing). */
const LIST_TOTALS = SHAPES.map((shape) =>
  statement<ListParameters, { total: number | string | null }>(
    `list total by ${shapeName(shape)}`,
    () => `SELECT (${totalOf(shape)}) AS total FROM (SELECT 1 AS one) one`,
  ),
);

export const listPageStatement = (shape: ListShape, reader: Reader) => LIST_PAGES[shapeIndex(shape)][reader];
export const listTotalStatement = (shape: ListShape) => LIST_TOTALS[shapeIndex(shape)];

/** Every list statement, for the generated SQL files. */
export const LIST_STATEMENTS = [...LIST_PAGES.flatMap((page) => [page.anonymous, page.viewer]), ...LIST_TOTALS];
