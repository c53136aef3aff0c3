import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqlFile, sqlFiles, sqlFolderOf, statementModules } from '../../scripts/sql/sql-files';

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

/**
 * The generated src/<module>/sql/*.sql files show a reviewer every statement the repositories send,
 * per dialect: regenerated here from the statements and compared, so they cannot drift.
 */
describe('generated SQL files (npm run sql)', () => {
  const modules = statementModules(SRC, '.ts');
  let files: SqlFile[] = [];

  beforeAll(async () => {
    const loaded = await Promise.all(
      modules.map(async (module) => sqlFiles(module, (await import(join(SRC, module))) as Record<string, unknown>)),
    );
    files = loaded.flat();
  });

  it('should find the statements of every repository', () => {
    expect(modules.length).toBeGreaterThanOrEqual(5);
  });

  it('should be up to date, every one', () => {
    const stale = files.filter(
      (file) => !existsSync(join(ROOT, file.path)) || readFileSync(join(ROOT, file.path), 'utf8') !== file.content,
    );
    expect(stale.map((file) => file.path)).toEqual([]);
  });

  it('should hold no file of a statement that is gone', () => {
    const folders = [...new Set(modules.map(sqlFolderOf))];
    const present = folders.flatMap((folder) =>
      readdirSync(join(ROOT, folder))
        .filter((name) => name.endsWith('.sql'))
        .map((name) => join(folder, name)),
    );
    expect(present.sort()).toEqual(files.map((file) => file.path).sort());
  });
});
