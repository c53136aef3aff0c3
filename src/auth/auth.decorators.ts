import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Request } from 'express';
import { GenericErrorModel } from '../common/errors/generic-error.dto';
import { AuthUser } from './auth-user';

export const AUTH_MODE = 'auth:mode';
export type AuthMode = 'required' | 'optional' | 'public';

export const BEARER_SCHEME = 'Bearer';
export const TOKEN_SCHEME = 'Token';

const unauthorized = (description: string) => ApiUnauthorizedResponse({ type: GenericErrorModel, description });

/** Anyone may call the route; a token that is sent must still be valid. */
export const Public = () =>
  applyDecorators(SetMetadata(AUTH_MODE, 'public' satisfies AuthMode), unauthorized('A token was sent but is invalid'));

/** Works anonymously; with a valid token the response is computed for that user. */
export const OptionalAuth = () =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode),
    ApiSecurity({}),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(TOKEN_SCHEME),
    unauthorized('A token was sent but is invalid or expired'),
  );

/** The default for every route; use it on a controller to document the requirement. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(AUTH_MODE, 'required' satisfies AuthMode),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(TOKEN_SCHEME),
    unauthorized('The token is missing, invalid or expired'),
  );

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser | undefined => {
  return context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
});
