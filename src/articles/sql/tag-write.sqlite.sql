-- Generated from src/articles/queries/tag-write.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to SQLite; `:name` is a parameter the driver binds.

-- an article’s tags
SELECT art.tag_id AS tagId, t.name AS name
FROM article_tags art INNER JOIN tags t ON t.id = art.tag_id
WHERE art.article_id = :articleId;

-- link tags to an article
INSERT INTO article_tags (article_id, tag_id, article_created_at)
SELECT a.id, t.id, a.created_at FROM articles a JOIN tags t ON t.name IN (:...names)
WHERE a.id = :articleId;

-- uncount an article’s tags
UPDATE tags SET articles_count = articles_count - 1
WHERE id IN (SELECT art.tag_id FROM article_tags art WHERE art.article_id = :articleId);

-- uncount tags
UPDATE tags SET articles_count = articles_count - 1 WHERE id IN (:...tagIds);

-- unlink tags from an article
DELETE FROM article_tags WHERE article_id = :articleId AND tag_id IN (:...tagIds);

-- upsert 2 tags
INSERT INTO tags (name, articles_count) VALUES (:tag0, 1), (:tag1, 1) ON CONFLICT (name) DO UPDATE SET articles_count = articles_count + 1;
