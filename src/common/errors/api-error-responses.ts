import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import {
  AlreadyTakenError,
  FieldErrors,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidInputError,
  NotFoundError,
  Resource,
  TokenError,
} from './api-errors';
import { GenericErrorModel } from './generic-error.dto';
import { describeKnownError } from './http-error.filter';

/**
 * OpenAPI declarations of the error statuses an operation answers, each with the GenericErrorModel
 * schema and, as its example, the body the global filter renders for a sample error, so examples
 * cannot drift from what the server sends. The statuses per operation are the RealWorld spec's
 * (checked against its openapi.yml by test/e2e/openapi-realworld.e2e-spec.ts). Two declarations of
 * one status merge: their descriptions join and each keeps its named example (login's 401 is both
 * a bad token and bad credentials).
 */
function rendered(sample: Error): { status: number; example: { errors: Record<string, string[]> } } {
  const known = describeKnownError(sample);
  if (!known) {
    throw new Error(`${sample.constructor.name} is not an error the API answers`);
  }
  return { status: known.status, example: { errors: known.errors } };
}

const exampleName = (example: { errors: Record<string, string[]> }) => Object.keys(example.errors).join('+');

const errorResponse = (description: string, sample: Error) => {
  const { status, example } = rendered(sample);
  return ApiResponse({
    status,
    description,
    type: GenericErrorModel,
    examples: { [exampleName(example)]: { summary: description, value: example } },
  });
};

/** The same declaration as a plain OpenAPI response object, for statuses added to the document as a whole. */
export function errorResponseObject(description: string, sample: Error) {
  const { example } = rendered(sample);
  return {
    description,
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(GenericErrorModel) },
        examples: { [exampleName(example)]: { summary: description, value: example } },
      },
    },
  };
}

/** 401 on a route that requires a token. */
export const ApiTokenRequired = () =>
  errorResponse('The token is missing, malformed, invalid or expired', new TokenError('missing'));

/** 401 on a public or optional route: only a token that is sent can be wrong. */
export const ApiTokenChecked = () =>
  errorResponse('A token was sent but is malformed, invalid or expired', new TokenError('invalid'));

export const ApiBadCredentials = () =>
  errorResponse('The email or password is wrong (the same answer for either)', new InvalidCredentialsError());

export const ApiNotFound = (resource: Resource, description: string) =>
  errorResponse(description, new NotFoundError(resource));

export const ApiForbidden = (resource: Resource, description: string) =>
  errorResponse(description, new ForbiddenError(resource));

export const ApiConflict = (description: string, field: string) =>
  errorResponse(description, new AlreadyTakenError([field]));

/** 422, with the typical case's messages per field, or a rule's own error (SelfFollowError). */
export const ApiInvalid = (description: string, sample: FieldErrors | Error) =>
  errorResponse(description, sample instanceof Error ? sample : new InvalidInputError(sample));

/**
 * The spec declares a generic 422 on every operation, including those this server has nothing to
 * validate for: declared, and said so, so that generated clients match the spec's.
 */
export const ApiNothingToValidate = () =>
  ApiResponse({
    status: 422,
    description:
      'Not answered here: this operation has no input to validate (declared because the RealWorld spec declares a 422 on every operation)',
    type: GenericErrorModel,
  });
