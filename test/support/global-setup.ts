import { createDatabase, dataSourceFor, isMysqlTarget, uniqueDatabaseName } from './test-database';

/** On a MySQL/MariaDB target: one throwaway database for the run, migrated once by the real migrations. */
export default async function globalSetup(): Promise<void> {
  if (!isMysqlTarget()) {
    return;
  }
  const name = uniqueDatabaseName('e2e');
  await createDatabase(name);
  const dataSource = dataSourceFor({ DB_NAME: name });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  process.env.E2E_DB_NAME = name;
}
