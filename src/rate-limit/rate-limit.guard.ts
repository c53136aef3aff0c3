import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { Response } from 'express';

export const tooManyRequests = (seconds: number) =>
  new ThrottlerException(`too many requests, retry in ${seconds} second${seconds === 1 ? '' : 's'}`);

/**
 * @nestjs/throttler's guard with two changes: a 429 always carries a plain `Retry-After` (the stock
 * guard names it `Retry-After-<throttler>` for named limits), and a rate-limit store that cannot be
 * reached (Redis down) lets the request through with a warning instead of failing it.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly warnings = new Logger(RateLimitGuard.name);

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof ThrottlerException) {
        throw error;
      }
      this.warnings.warn(`rate limit not applied, its store failed: ${(error as Error).message}`);
      return true;
    }
  }

  protected override throwThrottlingException(context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw tooManyRequests(seconds);
  }
}
