// Writes src/<module>/sql/*.sql from the statements the repositories run (npm run sql).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sqlFiles, sqlFolderOf, statementModules } from './sql-files';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const built = resolve(__dirname, '..', '..', 'src');
  const modules = statementModules(built, '.js');
  const loaded = await Promise.all(
    modules.map(async (module) => sqlFiles(module, (await import(join(built, module))) as Record<string, unknown>)),
  );
  const files = loaded.flat();
  // Files of statements that no longer exist go too.
  for (const folder of new Set(modules.map(sqlFolderOf))) {
    mkdirSync(join(root, folder), { recursive: true });
    for (const name of readdirSync(join(root, folder), { withFileTypes: true }).map((entry) => entry.name)) {
      if (name.endsWith('.sql') && !files.some((file) => file.path === join(folder, name))) {
        rmSync(join(root, folder, name));
      }
    }
  }
  for (const file of files) {
    writeFileSync(join(root, file.path), file.content);
  }
  console.log(`${files.length} SQL files from ${modules.length} statement modules`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
