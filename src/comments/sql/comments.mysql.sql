-- Generated from src/comments/comments.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to MySQL/MariaDB; `:name` is a parameter the driver binds.

-- CommentsRepository.create
INSERT INTO comments (article_id, author_id, body, created_at, updated_at)
VALUES (:articleId, :authorId, :body, :now, :now);

-- CommentsRepository.delete
DELETE FROM comments
WHERE id = :id;

-- CommentsRepository.findKey
SELECT c.id AS id, c.article_id AS articleId, c.author_id AS authorId
FROM comments c
WHERE c.id = :id AND c.article_id = :articleId
LIMIT 1;

-- CommentsRepository.list and findById: the comments by id, anonymous
SELECT c.id AS id, c.body AS body, c.created_at AS createdAt, c.updated_at AS updatedAt,
u.username AS username, u.bio AS bio, u.image AS image, 0 AS following
FROM comments c
INNER JOIN users u ON u.id = c.author_id
WHERE c.id IN (:...ids);

-- CommentsRepository.list and findById: the comments by id, for a viewer
SELECT c.id AS id, c.body AS body, c.created_at AS createdAt, c.updated_at AS updatedAt,
u.username AS username, u.bio AS bio, u.image AS image, EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = c.author_id) AS following
FROM comments c
INNER JOIN users u ON u.id = c.author_id
WHERE c.id IN (:...ids);

-- CommentsRepository.list: a page of ids, newest first
SELECT c.id AS id
FROM comments c
WHERE c.article_id = :articleId
ORDER BY c.created_at DESC, c.id DESC
LIMIT :limit OFFSET :offset;
