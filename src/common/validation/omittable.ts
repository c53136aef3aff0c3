import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * The field may be left out, but when sent it is validated, null included. (`@IsOptional()` skips
 * null too, which would let `"tagList": null` through as if the field were absent.)
 */
export const Omittable = (options?: ValidationOptions): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined, options);
