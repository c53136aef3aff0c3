import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity';
import { UserEntity } from '../users/user.entity';

/** (article_id, created_at, id) serves an article's comments newest first. */
@Entity('comments')
@Index('IDX_comments_article_created', ['articleId', 'createdAt', 'id'])
@Index('IDX_comments_author', ['authorId'])
export class CommentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'article_id', type: 'int' })
  articleId!: number;

  @Column({ name: 'author_id', type: 'int' })
  authorId!: number;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'FK_comments_article' })
  article?: ArticleEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_comments_author' })
  author?: UserEntity;
}
