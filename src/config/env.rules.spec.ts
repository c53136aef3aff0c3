import { parseEnv } from './env.validation';
import { MIN_PRODUCTION_SECRET_LENGTH } from './env.rules';

const long = 's'.repeat(MIN_PRODUCTION_SECRET_LENGTH);
const short = 's'.repeat(MIN_PRODUCTION_SECRET_LENGTH - 1);
const replicated = { DB_TYPE: 'mariadb', DB_READ_HOSTS: 'db-replica', REDIS_URL: 'redis://127.0.0.1:6379' };

/** The problems parseEnv reports for `raw`, none when it accepts it. */
function problems(raw: Record<string, string | undefined>): string[] {
  try {
    parseEnv(raw);
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
}

describe('cross-field environment rules', () => {
  describe('the JWT secrets in production', () => {
    it('should ask for no secret, nor any length, outside production', () => {
      expect(problems({})).toEqual([]);
      expect(problems({ NODE_ENV: 'test', JWT_SECRET: 'x', JWT_PREVIOUS_SECRETS: 'y,z' })).toEqual([]);
    });

    it.each([
      [{}, 'JWT_SECRET is required when NODE_ENV=production'],
      [{ JWT_SECRET: short }, 'JWT_SECRET must be at least 32 characters when NODE_ENV=production'],
      [
        { JWT_SECRET: long, JWT_PREVIOUS_SECRETS: `${long}, ${short}` },
        'each of JWT_PREVIOUS_SECRETS must be at least 32 characters when NODE_ENV=production',
      ],
    ])('should refuse %j in production', (raw, problem) => {
      expect(problems({ NODE_ENV: 'production', ...raw })).toEqual([problem]);
    });

    it('should accept long secrets in production', () => {
      expect(problems({ NODE_ENV: 'production', JWT_SECRET: long, JWT_PREVIOUS_SECRETS: `${long},${long}` })).toEqual(
        [],
      );
    });

    it('should report a secret that is too long as such, in production too', () => {
      expect(problems({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(513) })).toEqual([
        'JWT_SECRET must be shorter than or equal to 512 characters',
      ]);
    });
  });

  describe('read replicas', () => {
    it('should accept replicas on a server database with Redis and a lag of twice the check interval', () => {
      expect(problems({ ...replicated, DB_READ_MAX_LAG_S: '2', DB_READ_CHECK_INTERVAL_MS: '1000' })).toEqual([]);
    });

    it('should apply no replica rule without DB_READ_HOSTS', () => {
      expect(problems({ DB_TYPE: 'sqlite', DB_READ_MAX_LAG_S: '0.1' })).toEqual([]);
    });

    it('should report each broken rule, on the variable it is about', () => {
      expect(problems({ DB_READ_HOSTS: 'db1', DB_READ_MAX_LAG_S: '1' })).toEqual([
        'DB_READ_HOSTS needs DB_TYPE=mysql or mariadb: the embedded SQLite file has no replicas',
        'DB_READ_MAX_LAG_S must be at least twice DB_READ_CHECK_INTERVAL_MS: a replica that is caught up shows up to one interval of lag',
        "DB_READ_HOSTS needs REDIS_URL: a client's own writes are routed to the primary for a while, and every worker and host must know it",
      ]);
    });

    it('should report a malformed list before its ports or the database type', () => {
      expect(problems({ ...replicated, DB_TYPE: 'sqlite', DB_READ_HOSTS: 'db1:99999;db2' })).toEqual([
        'DB_READ_HOSTS must be a comma-separated list of host or host:port',
      ]);
    });

    it('should report a SQLite database before the ports', () => {
      expect(problems({ ...replicated, DB_TYPE: 'sqlite', DB_READ_HOSTS: 'db1:99999' })).toEqual([
        'DB_READ_HOSTS needs DB_TYPE=mysql or mariadb: the embedded SQLite file has no replicas',
      ]);
    });

    it('should check the format of a REDIS_URL that is set', () => {
      expect(problems({ ...replicated, REDIS_URL: 'http://cache' })).toEqual([
        'REDIS_URL must be a redis:// or rediss:// URL',
      ]);
    });
  });
});
