import { canonicalValue } from './tables';

describe(canonicalValue.name, () => {
  it('should read integers of every driver, and refuse what is no integer rather than hash it as NULL', () => {
    expect([12, '12', -3n, ' 7 '].map((value) => canonicalValue('integer', value))).toEqual([12, 12, -3, 7]);
    expect(canonicalValue('integer', null)).toBeNull();
    for (const [value, shown] of [
      ['many', "'many'"],
      ['', "''"],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Buffer.from('1'), 'a Buffer'],
      [{}, 'an object'],
    ] as const) {
      expect(() => canonicalValue('integer', value)).toThrow(`not an integer: ${shown}`);
    }
  });
});
