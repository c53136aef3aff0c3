// Rows as the API shows them, written by hand: the same keys in the same order as the server's
// mappers (toArticlePreview, toArticle, toComment, toProfile), straight from the driver's row.
import type { ArticleRaw, ArticleWithBodyRaw } from '../../../src/articles/queries/article-columns';
import type { CommentRaw } from '../../../src/comments/comments.statements';
import type { ProfileRaw } from '../../../src/profiles/profiles.statements';

/** mysql2 answers 0/1 (a number, or a string for some expressions). */
const flag = (value: number | string | boolean): boolean => value === true || Number(value) === 1;

/** The pool reads DATETIME columns as dates (time zone Z); the row types allow SQLite's text too. */
const iso = (value: Date | string): string => (value as Date).toISOString();

/** MariaDB's JSON_ARRAYAGG is text, in no particular order; the API lists tags alphabetically. */
const tags = (value: string | string[] | null): string[] =>
  value === null ? [] : (typeof value === 'string' ? (JSON.parse(value) as string[]) : value).sort();

const author = (username: string, bio: string | null, image: string | null, following: number | string | boolean) => ({
  username,
  bio: bio ?? null,
  image: image ?? null,
  following: flag(following),
});

/** An article as lists show it, or with its `body` last (JSON.stringify leaves out an undefined one). */
export const article = (raw: ArticleRaw, body?: string) => ({
  slug: raw.slug,
  title: raw.title,
  description: raw.description,
  tagList: tags(raw.tagList),
  createdAt: iso(raw.createdAt),
  updatedAt: iso(raw.updatedAt),
  favorited: flag(raw.favorited),
  favoritesCount: Number(raw.favoritesCount),
  author: author(raw.authorUsername, raw.authorBio, raw.authorImage, raw.following),
  body,
});

export const articleWithBody = (raw: ArticleWithBodyRaw) => article(raw, raw.body);

/** `{articles, articlesCount}` of a list or the feed. */
export const articles = (raws: ArticleRaw[], count: number) => ({
  articles: raws.map((raw) => article(raw)),
  articlesCount: count,
});

export const comment = (raw: CommentRaw) => ({
  id: Number(raw.id),
  createdAt: iso(raw.createdAt),
  updatedAt: iso(raw.updatedAt),
  body: raw.body,
  author: author(raw.username, raw.bio, raw.image, raw.following),
});

export const profile = (raw: ProfileRaw) => author(raw.username, raw.bio, raw.image, raw.following);
