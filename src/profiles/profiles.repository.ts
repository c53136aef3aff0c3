import { Injectable } from '@nestjs/common';
import { NotFoundError, TokenError } from '../common/errors/api-errors';
import { isForeignKeyViolation, uniqueViolation } from '../common/database/unique-violation';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toBoolean } from '../common/database/raw';
import { StatementCache } from '../common/database/statement-cache';
import { UserEntity } from '../users/user.entity';
import { FollowEntity } from './follow.entity';
import { ProfileRow } from './profile.dto';

/** SQL for "does :viewerId follow the user whose id is in `userIdColumn`?" (a primary-key probe). */
export const followingExpression = (userIdColumn: string, viewerParam = ':viewerId'): string =>
  `EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = ${viewerParam} AND fo.followee_id = ${userIdColumn})`;

@Injectable()
export class ProfilesRepository {
  private readonly statements: StatementCache;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(FollowEntity) private readonly follows: Repository<FollowEntity>,
  ) {
    this.statements = new StatementCache(users.manager.connection);
  }

  /** One query: the user by username (any case) and whether the viewer follows them. */
  async findByUsername(username: string, viewerId?: number): Promise<ProfileRow | null> {
    const [raw] = await this.statements.rows<Record<string, unknown>>(
      `profile${viewerId ? ', for a viewer' : ''}`,
      () =>
        this.users
          .createQueryBuilder('u')
          .select('u.id', 'id')
          .addSelect('u.username', 'username')
          .addSelect('u.bio', 'bio')
          .addSelect('u.image', 'image')
          .addSelect(viewerId ? followingExpression('u.id') : '0', 'following')
          .where('u.usernameKey = :key'),
      { key: username.toLowerCase(), viewerId: viewerId ?? 0 },
    );
    if (!raw) {
      return null;
    }
    return {
      id: Number(raw.id),
      username: String(raw.username),
      bio: (raw.bio as string | null) ?? null,
      image: (raw.image as string | null) ?? null,
      following: toBoolean(raw.following),
    };
  }

  /**
   * Idempotent: following twice leaves one row (a duplicate key is success). Not INSERT IGNORE, which
   * on MySQL also swallows a missing user (a foreign-key error) and reports success.
   */
  async follow(followerId: number, followeeId: number): Promise<void> {
    try {
      await this.follows.insert({ followerId, followeeId, createdAt: new Date() });
    } catch (error) {
      if (uniqueViolation(error) !== undefined) {
        return;
      }
      // The profile was found a moment ago: the follower (the token's user) or the profile was
      // deleted while this request ran.
      if (isForeignKeyViolation(error)) {
        throw (await this.users.existsBy({ id: followerId }))
          ? new NotFoundError('profile')
          : new TokenError('user-gone');
      }
      throw error;
    }
  }

  async unfollow(followerId: number, followeeId: number): Promise<void> {
    await this.follows.delete({ followerId, followeeId });
  }
}
