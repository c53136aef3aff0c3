-- Generated from src/articles/queries/feed.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to MySQL/MariaDB; `:name` is a parameter the driver binds.

-- feed, newest first
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following
FROM (SELECT s.id AS id, s.created_at AS sort_time
FROM (SELECT COALESCE(
(SELECT w.created_at FROM articles w ORDER BY w.created_at DESC, w.id DESC LIMIT 1 OFFSET :windowEnd),
:epoch
) AS cutoff) win
INNER JOIN articles s FORCE INDEX (IDX_articles_created) ON s.created_at >= win.cutoff
WHERE EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :userId AND fo.followee_id = s.author_id)
ORDER BY s.created_at DESC, s.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- feed, sorted
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following
FROM (SELECT fa.id AS id, fa.created_at AS sort_time
FROM follows fo
INNER JOIN articles fa ON fa.author_id = fo.followee_id
WHERE fo.follower_id = :userId
ORDER BY fa.created_at DESC, fa.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- feed, the followed authors
SELECT u.id AS id, u.articles_count AS articles, u.last_article_at AS lastArticleAt,
(SELECT c.value FROM counters c WHERE c.name = :counter) AS total
FROM follows fo
INNER JOIN users u ON u.id = fo.followee_id
WHERE fo.follower_id = :userId;

-- feed, the recent authors
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following
FROM (SELECT fa.id AS id, fa.created_at AS sort_time
FROM articles fa FORCE INDEX (IDX_articles_author_created)
WHERE fa.author_id IN (:...authorIds) AND fa.created_at >= :since
ORDER BY fa.created_at DESC, fa.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;
