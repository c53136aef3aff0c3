-- Generated from src/articles/queries/list.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to MySQL/MariaDB; `:name` is a parameter the driver binds.

-- list by author, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT cu.articles_count FROM users cu WHERE cu.username_key = :author) AS total
FROM (SELECT a.id AS id, a.created_at AS sort_time FROM users au INNER JOIN articles a ON a.author_id = au.id WHERE au.username_key = :author
ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by author, favorited, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by author, favorited, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by author, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT cu.articles_count FROM users cu WHERE cu.username_key = :author) AS total
FROM (SELECT a.id AS id, a.created_at AS sort_time FROM users au INNER JOIN articles a ON a.author_id = au.id WHERE au.username_key = :author
ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by favorited, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT cu.favorites_count FROM users cu WHERE cu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by favorited, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT cu.favorites_count FROM users cu WHERE cu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by no filter, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT cc.value FROM counters cc WHERE cc.name = :counter) AS total
FROM (SELECT a.id AS id, a.created_at AS sort_time FROM articles a
ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by no filter, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT cc.value FROM counters cc WHERE cc.name = :counter) AS total
FROM (SELECT a.id AS id, a.created_at AS sort_time FROM articles a
ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT ct.articles_count FROM tags ct WHERE ct.name = :tag) AS total
FROM (SELECT art.article_id AS id, art.article_created_at AS sort_time FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id
WHERE ft.name = :tag
ORDER BY art.article_created_at DESC, art.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, author, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT COUNT(*) FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id INNER JOIN articles a ON a.id = art.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author
WHERE ft.name = :tag) AS total
FROM (SELECT art.article_id AS id, art.article_created_at AS sort_time FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id INNER JOIN articles a ON a.id = art.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author
WHERE ft.name = :tag
ORDER BY art.article_created_at DESC, art.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, author, favorited, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, author, favorited, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, author, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT COUNT(*) FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id INNER JOIN articles a ON a.id = art.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author
WHERE ft.name = :tag) AS total
FROM (SELECT art.article_id AS id, art.article_created_at AS sort_time FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id INNER JOIN articles a ON a.id = art.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author
WHERE ft.name = :tag
ORDER BY art.article_created_at DESC, art.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, favorited, anonymous
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
0 AS favorited,
0 AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, favorited, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
WHERE fu.username_key = :favorited) AS total
FROM (SELECT f.article_id AS id, f.article_created_at AS sort_time FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
WHERE fu.username_key = :favorited
ORDER BY f.article_created_at DESC, f.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list by tag, viewer
SELECT a.id AS id, a.slug AS slug, a.title AS title, a.description AS description,
a.favorites_count AS favoritesCount, a.created_at AS createdAt, a.updated_at AS updatedAt,
(SELECT JSON_ARRAYAGG(t.name) FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id) AS tagList,
u.id AS authorId, u.username AS authorUsername, u.bio AS authorBio, u.image AS authorImage,
EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id) AS favorited,
EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = a.author_id) AS following,
(SELECT ct.articles_count FROM tags ct WHERE ct.name = :tag) AS total
FROM (SELECT art.article_id AS id, art.article_created_at AS sort_time FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id
WHERE ft.name = :tag
ORDER BY art.article_created_at DESC, art.article_id DESC LIMIT :limit OFFSET :offset) page
INNER JOIN articles a ON a.id = page.id
INNER JOIN users u ON u.id = a.author_id
ORDER BY page.sort_time DESC, page.id DESC;

-- list total by author
SELECT (SELECT cu.articles_count FROM users cu WHERE cu.username_key = :author) AS total FROM (SELECT 1 AS one) one;

-- list total by author, favorited
SELECT (SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total FROM (SELECT 1 AS one) one;

-- list total by favorited
SELECT (SELECT cu.favorites_count FROM users cu WHERE cu.username_key = :favorited) AS total FROM (SELECT 1 AS one) one;

-- list total by no filter
SELECT (SELECT cc.value FROM counters cc WHERE cc.name = :counter) AS total FROM (SELECT 1 AS one) one;

-- list total by tag
SELECT (SELECT ct.articles_count FROM tags ct WHERE ct.name = :tag) AS total FROM (SELECT 1 AS one) one;

-- list total by tag, author
SELECT (SELECT COUNT(*) FROM tags ft INNER JOIN article_tags art ON art.tag_id = ft.id INNER JOIN articles a ON a.id = art.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author
WHERE ft.name = :tag) AS total FROM (SELECT 1 AS one) one;

-- list total by tag, author, favorited
SELECT (SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
INNER JOIN articles a ON a.id = f.article_id
INNER JOIN users au ON au.id = a.author_id AND au.username_key = :author WHERE fu.username_key = :favorited) AS total FROM (SELECT 1 AS one) one;

-- list total by tag, favorited
SELECT (SELECT COUNT(*) FROM users fu INNER JOIN favorites f ON f.user_id = fu.id INNER JOIN article_tags art ON art.article_id = f.article_id
INNER JOIN tags ft ON ft.id = art.tag_id AND ft.name = :tag
WHERE fu.username_key = :favorited) AS total FROM (SELECT 1 AS one) one;
