-- Generated from src/profiles/profiles.statements.ts by `npm run sql`; do not edit.
-- What each statement sends to MySQL/MariaDB; `:name` is a parameter the driver binds.

-- ProfilesRepository.findByUsername, anonymous
SELECT u.id AS id, u.username AS username, u.bio AS bio, u.image AS image, 0 AS following
FROM users u
WHERE u.username_key = :key;

-- ProfilesRepository.findByUsername, for a viewer
SELECT u.id AS id, u.username AS username, u.bio AS bio, u.image AS image, EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = u.id) AS following
FROM users u
WHERE u.username_key = :key;

-- ProfilesRepository.follow
INSERT INTO follows (follower_id, followee_id, created_at)
VALUES (:followerId, :followeeId, :createdAt);

-- ProfilesRepository.follow, CommentsRepository.create: does the user still exist
SELECT 1 AS found
FROM users u
WHERE u.id = :id;

-- ProfilesRepository.unfollow
DELETE FROM follows
WHERE follower_id = :followerId AND followee_id = :followeeId;
