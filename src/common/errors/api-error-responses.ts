import { HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Resource } from './api-errors';
import { GenericErrorModel } from './generic-error.dto';

/**
 * OpenAPI declarations of the error statuses an operation answers, each with the GenericErrorModel
 * schema and an example body as the global filter renders it. The statuses per operation are the
 * RealWorld spec's (checked against its openapi.yml by test/e2e/openapi-realworld.e2e-spec.ts).
 * Two declarations of one status merge: their descriptions join and each keeps its named example
 * (login's 401 is both a bad token and bad credentials).
 */
const errorResponse = (status: HttpStatus, description: string, errors: Record<string, string[]>) =>
  ApiResponse({
    status,
    description,
    type: GenericErrorModel,
    examples: { [Object.keys(errors).join('+')]: { summary: description, value: { errors } } },
  });

/** 401 on a route that requires a token. */
export const ApiTokenRequired = () =>
  errorResponse(HttpStatus.UNAUTHORIZED, 'The token is missing, malformed, invalid or expired', {
    token: ['is missing'],
  });

/** 401 on a public or optional route: only a token that is sent can be wrong. */
export const ApiTokenChecked = () =>
  errorResponse(HttpStatus.UNAUTHORIZED, 'A token was sent but is malformed, invalid or expired', {
    token: ['is invalid'],
  });

export const ApiBadCredentials = () =>
  errorResponse(HttpStatus.UNAUTHORIZED, 'The email or password is wrong (the same answer for either)', {
    credentials: ['invalid'],
  });

export const ApiNotFound = (resource: Resource, description: string) =>
  errorResponse(HttpStatus.NOT_FOUND, description, { [resource]: ['not found'] });

export const ApiForbidden = (resource: Resource, description: string) =>
  errorResponse(HttpStatus.FORBIDDEN, description, { [resource]: ['forbidden'] });

export const ApiConflict = (description: string, field: string) =>
  errorResponse(HttpStatus.CONFLICT, description, { [field]: ['has already been taken'] });

/** 422 with messages per field; `example` shows the typical case. */
export const ApiInvalid = (description: string, example: Record<string, string[]>) =>
  errorResponse(HttpStatus.UNPROCESSABLE_ENTITY, description, example);

/**
 * The spec declares a generic 422 on every operation, including those this server has nothing to
 * validate for: declared, and said so, so that generated clients match the spec's.
 */
export const ApiNothingToValidate = () =>
  errorResponse(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'Not answered here: this operation has no input to validate (declared because the RealWorld spec declares a 422 on every operation)',
    { body: ['…'] },
  );
