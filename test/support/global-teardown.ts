import { dropDatabase, isMysqlTarget } from './test-database';

export default async function globalTeardown(): Promise<void> {
  if (isMysqlTarget() && process.env.E2E_DB_NAME) {
    await dropDatabase(process.env.E2E_DB_NAME);
  }
}
