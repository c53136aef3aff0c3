import { ArticleEntity } from '../articles/article.entity';
import { CounterEntity } from '../articles/counter.entity';
import { FavoriteEntity } from '../articles/favorite.entity';
import { CommentEntity } from '../comments/comment.entity';
import { FollowEntity } from '../profiles/follow.entity';
import { ArticleTagEntity } from '../tags/article-tag.entity';
import { TagEntity } from '../tags/tag.entity';
import { UserEntity } from '../users/user.entity';
import { ReplicationHeartbeatEntity } from './replication/heartbeat.entity';

/** Every TypeORM entity, for the Nest application and the migration CLI alike. */
export const ENTITIES = [
  UserEntity,
  FollowEntity,
  ArticleEntity,
  FavoriteEntity,
  CounterEntity,
  TagEntity,
  ArticleTagEntity,
  CommentEntity,
  ReplicationHeartbeatEntity,
];
