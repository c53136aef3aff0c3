import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

const nullFields = (value: unknown, nullable: readonly string[]): string[] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value)
        .filter(([field, fieldValue]) => fieldValue === null && !nullable.includes(field))
        .map(([field]) => field)
    : [];

/**
 * For update envelopes: every field is optional, but only the `nullable` ones may be sent as null.
 * (`PartialType` marks fields `@IsOptional()`, which lets null through every other check.)
 */
export function NoNullFields(nullable: readonly string[] = [], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noNullFields',
      validator: {
        validate: (value: unknown) => nullFields(value, nullable).length === 0,
        defaultMessage: ({ value, property }: ValidationArguments) =>
          `${nullFields(value, nullable)
            .map((field) => `${property}.${field}`)
            .join(', ')} must not be null`,
      },
    },
    options,
  );
}
