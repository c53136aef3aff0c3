import { ArgumentMetadata, HttpStatus, ValidationPipe } from '@nestjs/common';

/**
 * The global pipe: unknown fields are stripped (never stored), wrong or missing fields are a 422
 * whose messages name the field (`user.email must be an email`).
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
    errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    validationError: { target: false, value: false },
    stopAtFirstError: true,
  });
