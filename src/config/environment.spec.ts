import { Logger } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withEnvironment } from '../../test/support/with-environment';
import { EnvValidationError } from './env.validation';
import { loadEnvFile, loadEnvironment, validateEnv } from './environment';

describe(loadEnvironment.name, () => {
  it('should parse once while the variables stay the same', () => {
    withEnvironment({ PORT: '8080' }, () => {
      const env = loadEnvironment();

      expect(loadEnvironment()).toBe(env);
      expect(env.PORT).toBe(8080);
      expect(Object.isFrozen(env)).toBe(true);
    });
  });

  it('should parse again when a variable changes', () => {
    withEnvironment({ PORT: '8080' }, () => {
      const before = loadEnvironment();
      process.env.PORT = '8081';

      expect(loadEnvironment()).not.toBe(before);
      expect(loadEnvironment().PORT).toBe(8081);
    });
  });

  // ConfigModule writes every default into process.env after its validate hook.
  it('should keep the parse when defaults are written back into the environment', () => {
    withEnvironment({ PORT: '8080' }, () => {
      const env = loadEnvironment();
      Object.assign(process.env, { HOST: '0.0.0.0', DB_PORT: '3306', RATE_LIMIT_ENABLED: 'true', PUBLIC_URL: '' });

      expect(loadEnvironment()).toBe(env);
    });
  });

  it('should ignore variables it does not read', () => {
    withEnvironment({ PORT: '8080' }, () => {
      const env = loadEnvironment();
      process.env.SOMETHING_ELSE = 'x';

      expect(loadEnvironment()).toBe(env);
    });
  });

  it('should throw on a bad variable, every time', () => {
    withEnvironment({ PORT: 'x' }, () => {
      expect(() => loadEnvironment()).toThrow(EnvValidationError);
      expect(() => loadEnvironment()).toThrow(/PORT must be an integer/);
    });
  });
});

describe(validateEnv.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('should share the parse of an environment with the same values and log its warnings', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    withEnvironment({ NODE_ENV: 'development' }, () => {
      expect(validateEnv({ ...process.env })).toBe(loadEnvironment());
    });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^JWT_SECRET is not set/));
  });

  it('should log nothing for a test environment with a secret', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    validateEnv({ NODE_ENV: 'test', JWT_SECRET: 's'.repeat(32) });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe(loadEnvFile.name, () => {
  // Jest gives each test file a copy of process.env, which process.loadEnvFile() does not write to.
  afterEach(() => jest.restoreAllMocks());

  it("should load the file into the process's environment when it exists", () => {
    const load = jest.spyOn(process, 'loadEnvFile').mockImplementation(() => undefined);
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, 'PORT=8080\n');

    loadEnvFile(file);
    loadEnvFile(join(tmpdir(), 'no-such-dir', '.env'));

    expect(load.mock.calls).toEqual([[file]]);
  });
});
