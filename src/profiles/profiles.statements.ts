import { statement } from '../database/dialect/statement';
import { followingExpression } from './following.sql';

/** A user's public columns and whether the viewer follows them, as both drivers answer them. */
export interface ProfileRaw {
  id: number | string;
  username: string;
  bio: string | null;
  image: string | null;
  /** 0 or 1. */
  following: number | string;
}

const profileByUsername = (following: string): string => `
  SELECT u.id AS id, u.username AS username, u.bio AS bio, u.image AS image, ${following} AS following
  FROM users u
  WHERE u.username_key = :key
`;

export const PROFILE_BY_USERNAME = statement<{ key: string }, ProfileRaw>(
  'ProfilesRepository.findByUsername, anonymous',
  () => profileByUsername('0'),
);

export const PROFILE_BY_USERNAME_FOR_VIEWER = statement<{ key: string; viewerId: number }, ProfileRaw>(
  'ProfilesRepository.findByUsername, for a viewer',
  () => profileByUsername(followingExpression('u.id')),
);

export const INSERT_FOLLOW = statement<{ followerId: number; followeeId: number; createdAt: Date }>(
  'ProfilesRepository.follow',
  () => `
    INSERT INTO follows (follower_id, followee_id, created_at)
    VALUES (:followerId, :followeeId, :createdAt)
  `,
);

export const DELETE_FOLLOW = statement<{ followerId: number; followeeId: number }>(
  'ProfilesRepository.unfollow',
  () => `
    DELETE FROM follows
    WHERE follower_id = :followerId AND followee_id = :followeeId
  `,
);

/**
 * Whether a user still exists: after a foreign-key error it tells the token's user, deleted while
 * the request ran, from the other row the write referred to.
 */
export const USER_EXISTS = statement<{ id: number }, { found: number }>(
  'ProfilesRepository.follow, CommentsRepository.create: does the user still exist',
  () => `
    SELECT 1 AS found
    FROM users u
    WHERE u.id = :id
  `,
);
