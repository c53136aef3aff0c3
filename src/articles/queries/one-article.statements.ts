import { statement, StatementParameters } from '../../database/dialect/statement';
import { toCount, toDate } from '../../database/dialect/values';
import { ArticleKey } from '../article.types';
import { articleColumns, ArticleWithBodyRaw, Reader } from './article-columns';

export interface ArticleKeyRaw {
  id: number | string;
  authorId: number | string;
  title: string;
  createdAt: Date | string;
}

/** What the service checks before a write: the article's id, author, title and creation time. */
export const KEY_BY_SLUG = statement<{ slug: string }, ArticleKeyRaw>(
  'article key by slug',
  () => `SELECT a.id AS id, a.author_id AS authorId, a.title AS title, a.created_at AS createdAt
    FROM articles a WHERE a.slug = :slug`,
);

const oneArticle = <P extends StatementParameters>(by: 'id' | 'slug', reader: Reader) =>
  statement<P, ArticleWithBodyRaw>(
    `article by ${by}, ${reader}`,
    (sql) => `SELECT ${articleColumns(sql, reader, true)}
      FROM articles a
      INNER JOIN users u ON u.id = a.author_id
      WHERE a.${by} = :${by}`,
  );

/** The article with its body and tags, in one statement, by id or by slug, for nobody or for a viewer. */
export const ARTICLE_BY_ID = {
  anonymous: oneArticle<{ id: number }>('id', 'anonymous'),
  viewer: oneArticle<{ id: number; viewerId: number }>('id', 'viewer'),
};
export const ARTICLE_BY_SLUG = {
  anonymous: oneArticle<{ slug: string }>('slug', 'anonymous'),
  viewer: oneArticle<{ slug: string; viewerId: number }>('slug', 'viewer'),
};

export const toArticleKey = (raw: ArticleKeyRaw): ArticleKey => ({
  id: toCount(raw.id),
  authorId: toCount(raw.authorId),
  title: raw.title,
  createdAt: toDate(raw.createdAt),
});
