import { emptyToNull, trim } from './transforms';

describe('trim', () => {
  it('should trim strings and leave anything else as it is', () => {
    expect(trim({ value: '  jake \n' })).toBe('jake');
    expect(trim({ value: 42 })).toBe(42);
    expect(trim({ value: null })).toBeNull();
  });
});

describe('emptyToNull', () => {
  it('should turn only the empty string into null', () => {
    expect(emptyToNull({ value: '' })).toBeNull();
    expect(emptyToNull({ value: ' ' })).toBe(' ');
    expect(emptyToNull({ value: undefined })).toBeUndefined();
    expect(emptyToNull({ value: 'https://example.com/a.png' })).toBe('https://example.com/a.png');
  });
});
