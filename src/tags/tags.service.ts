import { Injectable } from '@nestjs/common';
import { TagsResponse } from './tag.dto';
import { TagsRepository } from './tags.repository';

@Injectable()
export class TagsService {
  constructor(private readonly tags: TagsRepository) {}

  async popular(): Promise<TagsResponse> {
    return { tags: await this.tags.popular() };
  }
}
