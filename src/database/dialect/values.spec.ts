import { toBoolean, toCount, toDate, toNullableString, toStringArray } from './values';

describe('values', () => {
  describe('toBoolean', () => {
    it.each<[unknown, boolean]>([
      [1, true],
      ['1', true],
      [true, true],
      [0, false],
      ['0', false],
      [false, false],
      [null, false],
    ])('should read %p as %p', (value, expected) => {
      expect(toBoolean(value)).toBe(expected);
    });
  });

  describe('toDate', () => {
    it("should keep mysql2's Date as it is", () => {
      const date = new Date('2026-03-01T10:20:30.456Z');

      expect(toDate(date)).toBe(date);
    });

    it("should read SQLite's text as UTC", () => {
      expect(toDate('2026-03-01 10:20:30.456').toISOString()).toBe('2026-03-01T10:20:30.456Z');
    });

    it('should read text that already ends in Z', () => {
      expect(toDate('2026-03-01T10:20:30.456Z').toISOString()).toBe('2026-03-01T10:20:30.456Z');
    });
  });

  describe('toCount', () => {
    it.each<[number | string | bigint | null | undefined, number]>([
      [7, 7],
      ['12', 12],
      [BigInt(3), 3],
      [null, 0],
      [undefined, 0],
    ])('should read %p as %p', (value, expected) => {
      expect(toCount(value)).toBe(expected);
    });
  });

  describe('toNullableString', () => {
    it('should keep text and turn a missing value into null', () => {
      expect(toNullableString('bio')).toBe('bio');
      expect(toNullableString('')).toBe('');
      expect(toNullableString(null)).toBeNull();
      expect(toNullableString(undefined)).toBeNull();
    });
  });

  describe('toStringArray', () => {
    it('should parse the JSON text of MariaDB and SQLite', () => {
      expect(toStringArray('["dragons","training"]')).toEqual(['dragons', 'training']);
    });

    it('should keep the array mysql2 already parsed from MySQL', () => {
      expect(toStringArray(['dragons'])).toEqual(['dragons']);
    });

    it('should answer an empty list for NULL (no rows)', () => {
      expect(toStringArray(null)).toEqual([]);
      expect(toStringArray(undefined)).toEqual([]);
    });
  });
});
