import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { POPULAR_TAGS, POPULAR_TAGS_LIMIT } from './tags.statements';

@Injectable()
export class TagsRepository {
  constructor(private readonly database: Database) {}

  /** The most used tags, most used first, then by name. */
  async popular(): Promise<string[]> {
    const rows = await this.database.rows(POPULAR_TAGS, { limit: POPULAR_TAGS_LIMIT });
    return rows.map((row) => row.name);
  }
}
