import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const TAG_MAX_LENGTH = 40;

/**
 * A tag and how many articles use it: GET /api/tags reads the (articles_count DESC, name) index in
 * order. TypeORM's @Index has no column direction: the migration TagsPopularityDescending sets it.
 */
@Entity('tags')
@Index('IDX_tags_popularity', ['articlesCount', 'name'])
export class TagEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('UQ_tags_name', { unique: true })
  @Column({ type: 'varchar', length: TAG_MAX_LENGTH })
  name!: string;

  @Column({ name: 'articles_count', type: 'int', default: 0 })
  articlesCount!: number;
}
