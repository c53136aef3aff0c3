import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { ArticleEntity } from './article.entity';

/**
 * `user` favorited `article`. The primary key answers "did the viewer favorite this?"; the
 * (user_id, article_created_at, article_id) index serves the `favorited` filter newest first from the
 * index alone (the article's creation time never changes, so copying it here costs nothing later).
 */
@Entity('favorites')
@Index('IDX_favorites_user_article_created', ['userId', 'articleCreatedAt', 'articleId'])
@Index('IDX_favorites_article', ['articleId'])
export class FavoriteEntity {
  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId!: number;

  @PrimaryColumn({ name: 'article_id', type: 'int' })
  articleId!: number;

  @Column({ name: 'article_created_at', type: 'datetime', precision: 3 })
  articleCreatedAt!: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_favorites_user' })
  user?: UserEntity;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'FK_favorites_article' })
  article?: ArticleEntity;
}
