import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ReadRouter } from '../database/replication/read-router';
import { LifecycleService } from '../lifecycle/lifecycle.service';

/** The liveness report: the process answers, nothing else is checked. */
const LIVE: HealthCheckResult = Object.freeze({ status: 'ok', info: {}, error: {}, details: {} });

/** How long the database gets to answer `SELECT 1` before it counts as down. */
const DATABASE_PING_TIMEOUT_MS = 1000;

/**
 * Probes for PM2, load balancers and orchestrators, outside the `/api` prefix. Their body is
 * terminus's report (`status`, `info`, `error`, `details`), not the API's error shape.
 */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly readRouter: ReadRouter,
  ) {}

  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked)' })
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'The process answers', schema: { example: LIVE } })
  getLiveness(): HealthCheckResult {
    // What terminus reports for no indicators, without running its checks machinery on every probe.
    return LIVE;
  }

  @ApiOperation({
    summary: 'Readiness: the database answers and the server is not shutting down; 503 with details otherwise',
    description:
      'With read replicas (DB_READ_HOSTS) the report also lists each replica: up, lag in seconds, in rotation. A replica out of rotation does not make the instance unready: its reads go to the primary.',
  })
  @Get()
  @HealthCheck()
  async getReadiness(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
        () => {
          const server = this.indicators.check('server');
          return this.lifecycle.isDraining ? server.down({ draining: true }) : server.up();
        },
        ...(this.readRouter.enabled ? [() => this.replicas()] : []),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        res.status(error.getStatus());
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }

  /** Always `up`: a replica out of rotation costs the primary more reads, not this instance its readiness. */
  private replicas() {
    const details = Object.fromEntries(this.readRouter.statuses().map(({ name, ...status }) => [name, status]));
    return this.indicators.check('replicas').up(details);
  }
}
