import { validateSync } from 'class-validator';
import { charCount, MaxChars } from './max-chars';

class Titled {
  @MaxChars(4)
  title: unknown;
}

const errors = (title: unknown) => validateSync(Object.assign(new Titled(), { title }));

describe('charCount', () => {
  it('should count code points, as the columns do', () => {
    expect(charCount('abc')).toBe(3);
    expect(charCount('😀')).toBe(1);
    expect(charCount('a\uFE0F')).toBe(2);
    expect(charCount('')).toBe(0);
  });
});

describe('MaxChars', () => {
  it('should accept up to the maximum of code points, emoji counted once', () => {
    expect(errors('abcd')).toEqual([]);
    expect(errors('😀😀😀😀')).toEqual([]);
  });

  it('should refuse one code point more, variation selectors counted', () => {
    const [error] = errors('a\uFE0Fa\uFE0Fa');

    expect(error.constraints).toEqual({ maxChars: 'title must be shorter than or equal to 4 characters' });
  });

  it('should leave values that are not strings to the other validators', () => {
    expect(errors(12345)).toEqual([]);
    expect(errors(undefined)).toEqual([]);
  });
});
