import { backupFileName, formatBytes, formatCount, formatRows, formatSeconds } from './format';

describe('backupFileName', () => {
  it('should name the dialect and the UTC time to the second', () => {
    expect(backupFileName('mariadb', new Date('2026-12-03T15:45:00.987Z'))).toBe(
      'conduit-mariadb-20261203T154500Z.tar.gz',
    );
    expect(backupFileName('sqlite', new Date('2027-01-02T03:04:05.000+02:00'))).toBe(
      'conduit-sqlite-20270102T010405Z.tar.gz',
    );
  });
});

describe('formatCount', () => {
  it('should group thousands with commas', () => {
    expect([0, 999, 1000, 12_345_678].map(formatCount)).toEqual(['0', '999', '1,000', '12,345,678']);
  });
});

describe('formatBytes', () => {
  it('should use decimal units: bytes, whole kilobytes, megabytes to one decimal', () => {
    expect([96, 999, 1000, 812_400, 999_999, 1_000_000, 2_449_999].map(formatBytes)).toEqual([
      '96 B',
      '999 B',
      '1 kB',
      '812 kB',
      '1000 kB',
      '1.0 MB',
      '2.4 MB',
    ]);
  });
});

describe('formatRows', () => {
  it('should give the total, then each table in order', () => {
    const digest = (rows: number) => ({ rows, sha256: '0'.repeat(64) });

    expect(formatRows({ users: digest(1000), follows: digest(3000), tags: digest(0) })).toBe(
      '4,000 rows (users 1,000, follows 3,000, tags 0)',
    );
    expect(formatRows({})).toBe('0 rows ()');
  });
});

describe('formatSeconds', () => {
  it('should give tenths of a second', () => {
    expect([0, 0.04, 1.25, 12].map(formatSeconds)).toEqual(['0.0 s', '0.0 s', '1.3 s', '12.0 s']);
  });
});
