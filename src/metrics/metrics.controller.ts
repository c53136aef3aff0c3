import { Controller, Get, Header, NotFoundException, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { appConfig } from '../config/app.config';
import { MetricsService } from './metrics.service';

/**
 * `GET /metrics` for Prometheus, outside the `/api` prefix and the API documentation. Rate limited
 * like any route (a scrape asks every PM2 worker, so it is not free); a scraper every few seconds is
 * far below the limit.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.config.metricsEnabled) {
      throw new NotFoundException('Cannot GET /metrics');
    }
    res.type(this.metrics.contentType);
    return this.metrics.render();
  }
}
