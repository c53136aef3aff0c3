import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiTokenChecked, ApiTokenRequired } from '../common/errors/api-error-responses';
import { AuthUser } from './auth-user';

export const AUTH_MODE = 'auth:mode';
export type AuthMode = 'required' | 'optional' | 'public';

export const BEARER_SCHEME = 'Bearer';
export const TOKEN_SCHEME = 'Token';

/** Anyone may call the route; a token that is sent must still be valid. */
export const Public = () => applyDecorators(SetMetadata(AUTH_MODE, 'public' satisfies AuthMode), ApiTokenChecked());

/** Works anonymously; with a valid token the response is computed for that user. */
export const OptionalAuth = () =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode),
    ApiSecurity({}),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(TOKEN_SCHEME),
    ApiTokenChecked(),
  );

/** The default for every route; use it on a controller to document the requirement. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'required' satisfies AuthMode),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(TOKEN_SCHEME),
    ApiTokenRequired(),
  );

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser | undefined => {
  return context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
});
