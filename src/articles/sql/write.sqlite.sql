-- Generated from src/articles/queries/write.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to SQLite; `:name` is a parameter the driver binds.

-- count all articles
UPDATE counters SET value = value + :delta WHERE name = :counter;

-- count the article’s favorites
UPDATE articles SET favorites_count = favorites_count + :delta WHERE id = :id;

-- count the author’s new article
UPDATE users SET articles_count = articles_count + 1,
last_article_at = CASE WHEN last_article_at IS NULL OR last_article_at < :createdAt
THEN :createdAt ELSE last_article_at END
WHERE id = :id;

-- count the user’s favorites
UPDATE users SET favorites_count = favorites_count + :delta WHERE id = :id;

-- delete a favorite
DELETE FROM favorites WHERE user_id = :userId AND article_id = :articleId;

-- delete an article
DELETE FROM articles WHERE id = :id;

-- find a favorite
SELECT 1 AS found FROM favorites f WHERE f.user_id = :userId AND f.article_id = :articleId;

-- insert a favorite
INSERT INTO favorites (user_id, article_id, article_created_at, created_at)
VALUES (:userId, :articleId, :articleCreatedAt, :now);

-- insert an article
INSERT INTO articles (slug, title, description, body, author_id, favorites_count, created_at, updated_at)
VALUES (:slug, :title, :description, :body, :authorId, 0, :now, :now);

-- lock the article
SELECT a.id AS id, a.author_id AS authorId, a.title AS title, a.created_at AS createdAt
FROM articles a WHERE a.id = :id;

-- lock the user
SELECT u.id AS id FROM users u WHERE u.id = :id;

-- uncount the article’s favoriters
UPDATE users SET favorites_count = favorites_count - 1
WHERE id IN (SELECT f.user_id FROM favorites f WHERE f.article_id = :id);

-- uncount the author’s article
UPDATE users SET articles_count = articles_count - 1,
last_article_at = (SELECT o.created_at FROM articles o WHERE o.author_id = :id AND o.id <> :articleId
ORDER BY o.created_at DESC, o.id DESC LIMIT 1)
WHERE id = :id;

-- update an article
UPDATE articles SET slug = COALESCE(:slug, slug), title = COALESCE(:title, title),
description = COALESCE(:description, description), body = COALESCE(:body, body), updated_at = :now
WHERE id = :id;
