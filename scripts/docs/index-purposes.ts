/**
 * What each index is for: `npm run docs` lists them in docs/database.md and fails when an index has
 * no entry here or an entry names an index that no longer exists. `PK_<table>` is the primary key.
 */
export const INDEX_PURPOSES: Readonly<Record<string, string>> = {
  PK_users: 'a row by id: the author and `following` of every listed article, profile and comment',
  UQ_users_email: 'login by email; one account per email (binary collation: exact match after lowercasing)',
  UQ_users_username_key:
    '`/profiles/:username`, `?author=`, `?favorited=`: a user by lowercased name; one account per name regardless of case',
  PK_follows: 'the feed: whom a user follows; `following` for a page (follower, followee); one follow per pair',
  IDX_follows_followee: 'the foreign key to the followed user (deleting a user cascades)',
  PK_articles: 'a page of articles by id, after its ids were picked from one of the indexes below',
  UQ_articles_slug: 'every `/articles/:slug` route; one article per slug',
  IDX_articles_created: '`GET /articles` without filters: newest first, read in order and stopped after the page',
  IDX_articles_author_created: '`?author=` and the feed (each followed author’s articles, newest first)',
  PK_favorites: '`favorited` for a page; favorite and unfavorite (one per user and article)',
  IDX_favorites_user_article_created: '`?favorited=`: a user’s favorites, newest article first, from the index alone',
  IDX_favorites_article: 'the foreign key to the article (deleting an article cascades)',
  PK_article_tags: 'the `tagList` of a page of articles; one row per article and tag',
  IDX_article_tags_tag_article_created: '`?tag=`: a tag’s articles, newest first, from the index alone',
  PK_tags: 'a tag by id, for the tag lists of a page',
  UQ_tags_name: '`?tag=`: the tag and its article count by name; finding or creating a tag when an article is written',
  IDX_tags_popularity:
    '`GET /tags`: the most used tags first (count descending, then name), the first 100 entries read in order, no sort',
  PK_comments: 'deleting a comment by id',
  IDX_comments_article_created: '`GET /articles/:slug/comments`: an article’s comments, newest first',
  IDX_comments_author: 'the foreign key to the comment’s author (deleting a user cascades)',
  PK_counters: 'the site-wide article total (`articlesCount` without filters), one row',
  PK_replication_heartbeat:
    'the one heartbeat row: written on the primary, read on each replica to measure its lag (DB_READ_HOSTS)',
};
