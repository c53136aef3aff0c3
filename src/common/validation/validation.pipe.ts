import { HttpStatus, ValidationPipe } from '@nestjs/common';

/**
 * The global pipe: unknown fields are stripped (never stored), wrong or missing fields are a 422
 * whose messages name the field (`user.email must be an email`).
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    validationError: { target: false, value: false },
    stopAtFirstError: true,
  });
