import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** `follower` follows `followee`. The primary key answers "does the viewer follow this author?". */
@Entity('follows')
@Index('IDX_follows_followee', ['followeeId'])
export class FollowEntity {
  @PrimaryColumn({ name: 'follower_id', type: 'int' })
  followerId!: number;

  @PrimaryColumn({ name: 'followee_id', type: 'int' })
  followeeId!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id', foreignKeyConstraintName: 'FK_follows_follower' })
  follower?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followee_id', foreignKeyConstraintName: 'FK_follows_followee' })
  followee?: UserEntity;
}
