import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { StatementCache } from '../common/database/statement-cache';
import { TagEntity } from './tag.entity';

export const POPULAR_TAGS_LIMIT = 100;

@Injectable()
export class TagsRepository {
  private readonly statements: StatementCache;

  constructor(@InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>) {
    this.statements = new StatementCache(tags.manager.connection);
  }

  /**
   * Tags in use, by their counter, never by counting article rows: the first entries of the
   * (articles_count DESC, name) index, read in order.
   */
  async popular(): Promise<string[]> {
    const rows = await this.statements.rows<{ name: string }>(
      'popular',
      () =>
        this.tags
          .createQueryBuilder('t')
          .select('t.name', 'name')
          .where('t.articlesCount > 0')
          .orderBy('t.articlesCount', 'DESC')
          .addOrderBy('t.name', 'ASC')
          .getQuery() + ' LIMIT :limit',
      { limit: POPULAR_TAGS_LIMIT },
    );
    return rows.map((row) => row.name);
  }
}
