import { ValidateBy, ValidationOptions } from 'class-validator';

/** Characters as MySQL and SQLite count them: Unicode code points (an emoji is one, U+FE0F another). */
export const charCount = (text: string): number => Array.from(text).length;

/**
 * At most `max` characters as the column counts them. class-validator's MaxLength (kept beside it for
 * the API documentation) skips variation selectors and counts surrogate pairs once, so 200 of
 * "a\uFE0F" passed it and overflowed a varchar(200).
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || charCount(value) <= max,
        defaultMessage: () => `$property must be shorter than or equal to ${max} characters`,
      },
    },
    options,
  );
}
