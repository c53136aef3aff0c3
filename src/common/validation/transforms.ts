/** class-transformer `@Transform` helpers shared by the request DTOs. */
type TransformInput = { value: unknown };

/** Surrounding whitespace never counts: `"  jake "` is `"jake"`. */
export const trim = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim() : value);

/** Conduit front ends send "" for a cleared optional field: store that as null. */
export const emptyToNull = ({ value }: TransformInput): unknown => (value === '' ? null : value);
