// `npm run test:backup`: the data-safety drill, against the machine's MariaDB (throwaway databases
// this script creates and drops) and SQLite files in a temporary folder:
//   1. backup while serving, restore, every acknowledged write there (backup-while-serving.ts);
//   2. damaged input: one clear line, exit 1, nothing changed (damaged-inputs.ts);
//   3. SQLite → MariaDB with db:copy: the same answers, the same tokens (copy-sqlite-to-mariadb.ts).
import { runScriptTest, ScriptTest } from '../lib/script-test';
import { backupWhileServing } from './backup-while-serving';
import { BackupContext, Figures } from './context';
import { copySqliteToMariadb } from './copy-sqlite-to-mariadb';
import { damagedInputs } from './damaged-inputs';

async function scenarios(test: ScriptTest, figures: Figures): Promise<void> {
  const context: BackupContext = { test, work: test.cleanup.tempDir('conduit-backup-'), figures };
  const backup = await backupWhileServing(context);
  await damagedInputs(context, backup);
  await copySqliteToMariadb(context);
}

function report(test: ScriptTest, figures: Figures): void {
  if (test.failed) {
    return;
  }
  test.log(
    `small dataset (${figures.rows} rows in ${figures.tables} tables): backup ${figures.backupSeconds?.toFixed(1)} s ` +
      `(${((figures.backupBytes ?? 0) / 1e6).toFixed(1)} MB), restore ${figures.restoreSeconds?.toFixed(1)} s; ` +
      `${figures.writesChecked} of ${figures.writesSent} writes acknowledged before the backup checked, ` +
      `writes paused at most ${figures.longestPause} ms during it; ` +
      `copy SQLite → MariaDB ${figures.copySeconds?.toFixed(1)} s`,
  );
  for (const line of figures.damaged ?? []) {
    test.log(`damaged input: ${line}`);
  }
}

function main(): void {
  const test = new ScriptTest('test:backup');
  const figures: Figures = {};
  runScriptTest(test, () => scenarios(test, figures), { report: () => report(test, figures) });
}

main();
