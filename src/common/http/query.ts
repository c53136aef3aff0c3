import { parse } from 'qs';

/**
 * The query string parser (Express's `query parser` setting): `qs`, so that `limit[]=1` and
 * `tag[a]=b` arrive as an array and an object and fail validation with a 422 instead of being
 * silently dropped as unknown names, within tight bounds: two levels, 20 array items, 50 parameters,
 * and never a key that shadows an Object.prototype member.
 */
export function parseQuery(query: string): Record<string, unknown> {
  return parse(query, { depth: 1, arrayLimit: 20, parameterLimit: 50, allowPrototypes: false });
}
