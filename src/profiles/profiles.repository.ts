import { Injectable } from '@nestjs/common';
import { NotFoundError, TokenError } from '../common/errors/api-errors';
import { Database } from '../database/database';
import { classifyError } from '../database/dialect/classify-error';
import { toBoolean, toCount, toNullableString } from '../database/dialect/values';
import { ProfileRow } from './profile.dto';
import {
  DELETE_FOLLOW,
  INSERT_FOLLOW,
  PROFILE_BY_USERNAME,
  PROFILE_BY_USERNAME_FOR_VIEWER,
  ProfileRaw,
  USER_EXISTS,
} from './profiles.statements';

@Injectable()
export class ProfilesRepository {
  constructor(private readonly database: Database) {}

  /** One query: the user by username (any case) and whether the viewer follows them. */
  async findByUsername(username: string, viewerId?: number): Promise<ProfileRow | null> {
    const key = username.toLowerCase();
    const raw = viewerId
      ? await this.database.first(PROFILE_BY_USERNAME_FOR_VIEWER, { key, viewerId })
      : await this.database.first(PROFILE_BY_USERNAME, { key });
    return raw ? toProfileRow(raw) : null;
  }

  /**
   * Idempotent: following twice leaves one row (a duplicate key is success). Not INSERT IGNORE, which
   * on MySQL also swallows a missing user (a foreign-key error) and reports success.
   */
  async follow(followerId: number, followeeId: number): Promise<void> {
    try {
      await this.database.run(INSERT_FOLLOW, { followerId, followeeId, createdAt: new Date() });
    } catch (error) {
      const kind = classifyError(error)?.kind;
      if (kind === 'unique') {
        return;
      }
      // The profile was found a moment ago: the follower (the token's user) or the profile was
      // deleted while this request ran.
      if (kind === 'foreign-key') {
        const followerExists = await this.database.first(USER_EXISTS, { id: followerId });
        throw followerExists ? new NotFoundError('profile') : new TokenError('user-gone');
      }
      throw error;
    }
  }

  async unfollow(followerId: number, followeeId: number): Promise<void> {
    await this.database.run(DELETE_FOLLOW, { followerId, followeeId });
  }
}

const toProfileRow = (raw: ProfileRaw): ProfileRow => ({
  id: toCount(raw.id),
  username: raw.username,
  bio: toNullableString(raw.bio),
  image: toNullableString(raw.image),
  following: toBoolean(raw.following),
});
