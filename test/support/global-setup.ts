import { createMigratedDatabase, isMysqlTarget } from './test-database';

/** On a MySQL/MariaDB target: one throwaway database for the run, migrated once by the real migrations. */
export default async function globalSetup(): Promise<void> {
  if (isMysqlTarget()) {
    process.env.E2E_DB_NAME = await createMigratedDatabase('e2e');
  }
}
