import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageQuery } from './page-query.dto';

/** The query as the global pipe turns it into a PageQuery, and the properties that fail validation. */
function read(query: Record<string, unknown>) {
  const page = plainToInstance(PageQuery, query);
  return { page: { limit: page.limit, offset: page.offset }, invalid: validateSync(page).map((e) => e.property) };
}

describe(PageQuery.name, () => {
  it('should default to the first 20', () => {
    expect(read({})).toEqual({ page: { limit: 20, offset: 0 }, invalid: [] });
  });

  it('should take integers written as query strings', () => {
    expect(read({ limit: '100', offset: '1000000000' })).toEqual({
      page: { limit: 100, offset: 1_000_000_000 },
      invalid: [],
    });
  });

  it.each([
    ['a limit of 0', { limit: '0' }, ['limit']],
    ['a limit over 100', { limit: '101' }, ['limit']],
    ['a decimal limit', { limit: '1.5' }, ['limit']],
    ['a word', { limit: 'abc' }, ['limit']],
    ['a repeated limit', { limit: ['1', '2'] }, ['limit']],
    ['a negative offset', { offset: '-1' }, ['offset']],
    ['an offset past a billion', { offset: '1000000001' }, ['offset']],
  ])('should refuse %s', (_case, query, invalid) => {
    expect(read(query).invalid).toEqual(invalid);
  });
});
