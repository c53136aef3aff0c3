// Runs before every test file. The e2e suite's database target comes from DB_TYPE; the MySQL global
// setup has already created and migrated E2E_DB_NAME.
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= 'test-secret-that-is-long-enough-for-production-use';
process.env.LOG_LEVEL ??= 'fatal';
// The suites register and log in far more often than a client may; rate limits have their own tests.
process.env.RATE_LIMIT_ENABLED ??= 'false';
// The test runner's own workers keep every core busy, where SCHED_IDLE hashing would get almost no
// CPU; password.service.spec.ts tests that priority itself.
process.env.PASSWORD_HASH_PRIORITY ??= 'normal';
process.env.DB_TYPE ??= 'sqlite';
if (process.env.DB_TYPE === 'sqlite') {
  process.env.DB_PATH = ':memory:';
} else if (process.env.E2E_DB_NAME) {
  process.env.DB_NAME = process.env.E2E_DB_NAME;
  process.env.DB_MIGRATIONS_RUN = 'false';
}
