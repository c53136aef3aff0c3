import { IsEmail, IsUrl, ValidationOptions } from 'class-validator';

/**
 * class-validator's IsEmail and IsUrl under names the Swagger plugin does not read: it would document
 * them as `format: email` and `format: uri`, where the RealWorld spec has plain strings (and some
 * client generators turn `uri` into a URI class instead of a string).
 */
export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator => IsEmail({}, options);

export const IsHttpUrl = (options?: ValidationOptions): PropertyDecorator =>
  IsUrl({ protocols: ['http', 'https'], require_protocol: true }, options);
