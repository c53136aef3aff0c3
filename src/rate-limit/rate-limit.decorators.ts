import { SetMetadata } from '@nestjs/common';

export const AUTH_RATE_LIMITED = 'rate-limit:auth';

/** Login and registration: the strict per-IP and per-email limits apply on top of the general one. */
export const AuthRateLimit = () => SetMetadata(AUTH_RATE_LIMITED, true);
