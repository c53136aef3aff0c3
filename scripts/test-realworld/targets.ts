// The databases the suite runs against: a fresh SQLite file, and a fresh database on the machine's
// MariaDB (dropped at the end of its run, and by the cleanup should the run be interrupted).
import path from 'node:path';
import { machineMariadb } from '../lib/mariadb';
import { ScriptTest } from '../lib/script-test';

export interface Target {
  name: string;
  /** Creates the database; answers the server's DB_* settings and how to drop it again. */
  setup: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>;
}

export const targets = (test: ScriptTest, work: string): Target[] => [
  {
    name: 'sqlite',
    setup: () =>
      Promise.resolve({
        env: { DB_TYPE: 'sqlite', DB_PATH: path.join(work, 'conduit.sqlite') },
        drop: () => Promise.resolve(),
      }),
  },
  {
    name: 'mariadb',
    setup: async () => {
      const name = `conduit_rw_${process.pid}`;
      await machineMariadb.createDatabase(name);
      const drop = () =>
        machineMariadb.dropDatabase(name).catch((error: Error) => test.log(`could not drop ${name}: ${error.message}`));
      test.cleanup.add(`drop ${name}`, drop);
      return { env: { ...machineMariadb.env(name), DB_MIGRATIONS_RUN: 'true' }, drop };
    },
  },
];
