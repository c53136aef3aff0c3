import { oneLine } from './errors';

describe('oneLine', () => {
  it("should give an error's first line, trimmed", () => {
    expect(oneLine(new Error('  connect ECONNREFUSED\n    at TCPConnectWrap  '))).toBe('connect ECONNREFUSED');
    expect(oneLine(new Error('\n  after a line break\n'))).toBe('after a line break');
  });

  it('should take anything thrown, not only errors', () => {
    expect(oneLine('plain text\nmore')).toBe('plain text');
    expect(oneLine(42)).toBe('42');
  });
});
