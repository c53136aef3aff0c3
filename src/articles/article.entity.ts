import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

export const SLUG_MAX_LENGTH = 120;
export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 500;

/**
 * Indexes, each for one query: the global list newest first (created_at, id) and the author list and
 * feed (author_id, created_at, id). Both are covering for the id-only first step of a page.
 */
@Entity('articles')
@Index('IDX_articles_created', ['createdAt', 'id'])
@Index('IDX_articles_author_created', ['authorId', 'createdAt', 'id'])
export class ArticleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('UQ_articles_slug', { unique: true })
  @Column({ type: 'varchar', length: SLUG_MAX_LENGTH })
  slug!: string;

  @Column({ type: 'varchar', length: TITLE_MAX_LENGTH })
  title!: string;

  @Column({ type: 'varchar', length: DESCRIPTION_MAX_LENGTH })
  description!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'author_id', type: 'int' })
  authorId!: number;

  /** Kept in the same transaction as each favorite row, so reading it never counts. */
  @Column({ name: 'favorites_count', type: 'int', default: 0 })
  favoritesCount!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_articles_author' })
  author?: UserEntity;
}
