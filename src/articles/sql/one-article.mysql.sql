-- Generated from src/articles/queries/one-article.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to MySQL/MariaDB; `:name` is a parameter the driver binds.

-- article by id, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
a.body AS body
FROM articles a
INNER JOIN users u ON u.id = a.author_id
WHERE a.id = :id;

-- article by id, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
a.body AS body
FROM articles a
INNER JOIN users u ON u.id = a.author_id
WHERE a.id = :id;

-- article by slug, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
a.body AS body
FROM articles a
INNER JOIN users u ON u.id = a.author_id
WHERE a.slug = :slug;

-- article by slug, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
a.body AS body
FROM articles a
INNER JOIN users u ON u.id = a.author_id
WHERE a.slug = :slug;

-- article key by slug
SELECT a.id AS id, a.author_id AS authorId, a.title AS title, a.created_at AS createdAt
FROM articles a WHERE a.slug = :slug;
