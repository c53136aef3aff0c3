import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity';
import { TagEntity } from './tag.entity';

/**
 * An article's tag. (tag_id, article_created_at, article_id) serves the `tag` filter newest first from
 * the index alone; the primary key lists an article's tags.
 */
@Entity('article_tags')
@Index('IDX_article_tags_tag_article_created', ['tagId', 'articleCreatedAt', 'articleId'])
export class ArticleTagEntity {
  @PrimaryColumn({ name: 'article_id', type: 'int' })
  articleId!: number;

  @PrimaryColumn({ name: 'tag_id', type: 'int' })
  tagId!: number;

  @Column({ name: 'article_created_at', type: 'datetime', precision: 3 })
  articleCreatedAt!: Date;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'FK_article_tags_article' })
  article?: ArticleEntity;

  @ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'FK_article_tags_tag' })
  tag?: TagEntity;
}
