import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiNothingToValidate } from '../common/errors/api-error-responses';
import { TagsResponse } from './tag.dto';
import { TagsService } from './tags.service';

@ApiTags('Tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  /**
   * The tags in use, most used first, then by name; at most 100.
   */
  @Get()
  @Public()
  @ApiOkResponse({ type: TagsResponse })
  @ApiNothingToValidate()
  getTags(): Promise<TagsResponse> {
    return this.tags.popular();
  }
}
