import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectionArguments, findProgram } from './mysql-programs';

describe('connectionArguments', () => {
  it('should ignore option files first, connect over TCP, and never put the password on the command line', () => {
    const args = connectionArguments({ host: 'db', port: 3307, user: 'app', password: 'secret', database: 'c' });

    expect(args).toEqual(['--no-defaults', '--protocol=tcp', '-h', 'db', '-P', '3307', '-u', 'app']);
    expect(args.join(' ')).not.toContain('secret');
  });
});

describe('findProgram', () => {
  let bin: string;
  let other: string;

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'conduit-bin-'));
    other = mkdtempSync(join(tmpdir(), 'conduit-bin-'));
    writeFileSync(join(bin, 'mysqldump'), '#!/bin/sh\n');
    chmodSync(join(bin, 'mysqldump'), 0o755);
    writeFileSync(join(other, 'mariadb-dump'), 'not executable');
  });

  afterAll(() => {
    rmSync(bin, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  it('should give the first candidate that is an executable file on the PATH', () => {
    const env = { PATH: [other, bin].join(delimiter) };

    expect(findProgram(['mariadb-dump', 'mysqldump'], env)).toBe(join(bin, 'mysqldump'));
  });

  it('should say what to install when none is found', () => {
    expect(() => findProgram(['mariadb-dump', 'mysqldump'], { PATH: other })).toThrow(
      'neither mariadb-dump nor mysqldump is on the PATH: install the MariaDB or MySQL client programs',
    );
    expect(() => findProgram(['mariadb'], {})).toThrow(/is on the PATH/);
  });
});
