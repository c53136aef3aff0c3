// Three projects: `unit` (src/**/*.spec.ts, no database, no Nest container), `e2e` (the real
// AppModule over HTTP plus database integration specs) and `browser` (Swagger UI in Chromium, run by
// `npm run test:browser` against the build). DB_TYPE picks the e2e target: sqlite (default,
// in memory, no server) or mysql/mariadb (a throwaway database on DB_HOST that the global setup creates
// and drops).
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
    },
  ],
};

module.exports = {
  // Real argon2 hashing and real databases: more than the 5 s default, never a timing assertion.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      transform,
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts', '<rootDir>/test/integration/**/*.spec.ts'],
      transform,
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The built server (dist/, compiled by tsc with the Swagger plugin) in headless Chromium.
      displayName: 'browser',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      transform,
    },
  ],
};
