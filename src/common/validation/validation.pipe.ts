import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldErrors, InvalidInputError } from '../errors/api-errors';

/**
 * The global pipe: unknown fields are stripped (never stored), wrong or missing fields are a 422
 * whose messages are keyed by the field (`{"email": ["must be a valid email address"]}`).
 *
 * Path parameters stay strings: the stock pipe turns a `number` parameter into `+value`, which reads
 * `0x1F`, `31e0` and `31.0` as 31 before the parameter's own strict pipe (ParseIntPipe) could refuse them.
 */
class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

export const createValidationPipe = (): ValidationPipe =>
  new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    validationError: { target: false, value: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => new InvalidInputError(fieldErrors(errors)),
  });

/**
 * class-validator's tree as messages per field. A field inside an envelope is keyed by its own name
 * (`user.email` → `email`, as the spec's clients read it); an array element by its array's name.
 * Messages lose their leading field name ("email must be…" → "must be…"), which the key now gives.
 */
export function fieldErrors(errors: ValidationError[], into: FieldErrors = {}, parent?: string): FieldErrors {
  for (const error of errors) {
    const key = parent !== undefined && /^\d+$/.test(error.property) ? parent : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      (into[key] ??= []).push(withoutSubject(message, error.property));
    }
    fieldErrors(error.children ?? [], into, key);
  }
  return into;
}

const withoutSubject = (message: string, property: string): string =>
  message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
