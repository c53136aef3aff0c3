// The floor's reads: each the statements the server's repository runs for the route, in the same
// order and with the same parameters (their types too: a number and a string format differently).
import { ListParameters, listPageStatement, listTotalStatement } from '../../../src/articles/queries/list.statements';
import { ARTICLE_BY_SLUG, KEY_BY_SLUG } from '../../../src/articles/queries/one-article.statements';
import {
  COMMENT_IDS_PAGE,
  COMMENTS_BY_ID,
  COMMENTS_BY_ID_FOR_VIEWER,
  CommentRaw,
} from '../../../src/comments/comments.statements';
import { PROFILE_BY_USERNAME, PROFILE_BY_USERNAME_FOR_VIEWER } from '../../../src/profiles/profiles.statements';
import { POPULAR_TAGS, POPULAR_TAGS_LIMIT } from '../../../src/tags/tags.statements';
import { ARTICLES_COUNTER } from '../../../src/articles/queries/counters';
import { notFound, Page } from './http';
import * as json from './json';
import { first, Queryable, rows } from './sql';

export interface ListQuery {
  tag?: string;
  author?: string;
  favorited?: string;
}

/** ArticleListRepository.list: the page statement of the filters' shape; an empty page asks for its total. */
export async function listArticles(db: Queryable, filters: ListQuery, page: Page, viewerId?: number) {
  const parameters: ListParameters = {
    counter: ARTICLES_COUNTER,
    viewerId: viewerId ?? 0,
    limit: page.limit,
    offset: page.offset,
  };
  if (filters.tag !== undefined) {
    parameters.tag = filters.tag.toLowerCase();
  }
  if (filters.author !== undefined) {
    parameters.author = filters.author.toLowerCase();
  }
  if (filters.favorited !== undefined) {
    parameters.favorited = filters.favorited.toLowerCase();
  }
  const shape = {
    tag: filters.tag !== undefined,
    author: filters.author !== undefined,
    favorited: filters.favorited !== undefined,
  };
  const raws = await rows(db, listPageStatement(shape, viewerId ? 'viewer' : 'anonymous'), parameters);
  if (raws.length === 0) {
    const total = await first(db, listTotalStatement(shape), parameters);
    return json.articles([], Number(total?.total ?? 0));
  }
  return json.articles(raws, Number(raws[0].total ?? 0));
}

export async function getArticle(db: Queryable, slug: string, viewerId?: number) {
  const raw = viewerId
    ? await first(db, ARTICLE_BY_SLUG.viewer, { slug, viewerId })
    : await first(db, ARTICLE_BY_SLUG.anonymous, { slug });
  if (!raw) {
    throw notFound('article');
  }
  return { article: json.articleWithBody(raw) };
}

/** The article's key, or a 404 (ArticlesService.findOrFail). */
export async function articleKey(db: Queryable, slug: string) {
  const raw = await first(db, KEY_BY_SLUG, { slug });
  if (!raw) {
    throw notFound('article');
  }
  // A Date: the pool reads DATETIME columns as dates, as the server's does.
  return { id: Number(raw.id), createdAt: raw.createdAt as Date };
}

/** CommentsService.list: the article, a page of ids, then those comments in that order. */
export async function listComments(db: Queryable, slug: string, page: Page, viewerId?: number) {
  const article = await articleKey(db, slug);
  const idRows = await rows(db, COMMENT_IDS_PAGE, { articleId: article.id, limit: page.limit, offset: page.offset });
  const ids = idRows.map((row) => Number(row.id));
  if (ids.length === 0) {
    return { comments: [] };
  }
  const raws = viewerId
    ? await rows(db, COMMENTS_BY_ID_FOR_VIEWER, { ids, viewerId })
    : await rows(db, COMMENTS_BY_ID, { ids });
  const byId = new Map<number, CommentRaw>(raws.map((raw) => [Number(raw.id), raw]));
  return { comments: ids.flatMap((id) => (byId.has(id) ? [json.comment(byId.get(id)!)] : [])) };
}

export async function getProfile(db: Queryable, username: string, viewerId?: number) {
  const key = username.toLowerCase();
  const raw = viewerId
    ? await first(db, PROFILE_BY_USERNAME_FOR_VIEWER, { key, viewerId })
    : await first(db, PROFILE_BY_USERNAME, { key });
  if (!raw) {
    throw notFound('profile');
  }
  return { profile: json.profile(raw) };
}

export async function popularTags(db: Queryable) {
  const raws = await rows(db, POPULAR_TAGS, { limit: POPULAR_TAGS_LIMIT });
  return { tags: raws.map((raw) => raw.name) };
}
