import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { TagEntity } from './tag.entity';

export const POPULAR_TAGS_LIMIT = 100;

@Injectable()
export class TagsRepository {
  constructor(@InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>) {}

  /** Tags in use, by their counter (the popularity index), never by counting article rows. */
  async popular(): Promise<string[]> {
    const rows = await this.tags.find({
      select: { name: true },
      where: { articlesCount: MoreThan(0) },
      order: { articlesCount: 'DESC', name: 'ASC' },
      take: POPULAR_TAGS_LIMIT,
    });
    return rows.map((row) => row.name);
  }
}
