import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
} from 'class-validator';

// Decorators for one environment variable each. class-validator checks a property's constraints in
// the order they were registered and, with stopAtFirstError, reports the first that fails: each
// decorator here registers the type check first, so `PORT=abc` reads "must be an integer", not
// "must not be less than 1".

const bounded = (typeCheck: PropertyDecorator, min: number, max: number) =>
  applyDecorators(
    typeCheck,
    Max(max),
    Min(min),
    Type(() => Number),
  );

/** A whole number from `min` to `max`: `PORT=8080` → 8080. */
export const EnvInt = (min: number, max: number) => bounded(IsInt(), min, max);

/** A finite number from `min` to `max`, decimals allowed: `DB_READ_MAX_LAG_S=2.5` → 2.5. */
export const EnvNumber = (min: number, max: number) =>
  bounded(IsNumber({ allowNaN: false, allowInfinity: false }), min, max);

const BOOLEANS = new Map([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['no', false],
]);

/** `true`, `1`, `yes` / `false`, `0`, `no`, in any case and with spaces around: anything else fails. */
export const EnvBool = () =>
  applyDecorators(
    IsBoolean({ message: '$property must be true or false' }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (BOOLEANS.get(value.trim().toLowerCase()) ?? value) : value,
    ),
  );

/** Any text, up to `maxLength` characters when given (an empty value counts as unset before this). */
export const EnvString = (maxLength?: number) =>
  maxLength === undefined ? IsString() : applyDecorators(IsString(), MaxLength(maxLength));

/**
 * The source of a regular expression for a comma-separated list of `item` (itself a source), with
 * spaces allowed around each comma: wrap it in `^…$` and whatever else the variable accepts.
 */
export const commaList = (item: string): string => `(?:${item})(?:\\s*,\\s*(?:${item}))*`;

/**
 * A rule that also reads other variables: `holds(value, env)` gets this variable's converted value
 * and the whole converted environment. Register it above the variable's own checks, which then run
 * first, so a malformed value is reported as such. `message` may name the variable as `$property`.
 */
export const EnvRule =
  <Env extends object, Value>(
    name: string,
    holds: (value: Value, env: Env) => boolean,
    message: string,
  ): PropertyDecorator =>
  (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message },
      validator: { validate: (value: unknown, args) => holds(value as Value, args?.object as Env) },
    });

/** Optional, but required (unset fails with `message`) whenever `required(env)`; in place of @IsOptional(). */
export const RequiredWhen = <Env extends object>(required: (env: Env) => boolean, message: string) =>
  applyDecorators(
    ValidateIf((env: Env, value: unknown) => (value !== undefined && value !== null) || required(env)),
    IsDefined({ message }),
  );
