import { readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { MYSQL_SQL } from '../../src/database/dialect/mysql.dialect';
import { SQLITE_SQL } from '../../src/database/dialect/sqlite.dialect';
import { SqlFragments, Statement, StatementParameters } from '../../src/database/dialect/statement';

type AnyStatement = Statement<StatementParameters, unknown>;

const DIALECTS: { file: string; label: string; fragments: SqlFragments }[] = [
  { file: 'mysql', label: 'MySQL/MariaDB', fragments: MYSQL_SQL },
  { file: 'sqlite', label: 'SQLite', fragments: SQLITE_SQL },
];

/** A generated file: where it goes (relative to the project root) and what it holds. */
export interface SqlFile {
  path: string;
  content: string;
}

/** Every `*.statements.ts` under `srcDir` (or `.js` in a build), by path relative to `srcDir`. */
export function statementModules(srcDir: string, extension: '.ts' | '.js'): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith(`.statements${extension}`)) {
        found.push(relative(srcDir, path));
      }
    }
  };
  walk(srcDir);
  return found.sort();
}

/**
 * The statements a module exports, directly or in arrays and objects of them, by name (the order of
 * a module's exports differs between compilers).
 */
export function statementsOf(exports: Record<string, unknown>): AnyStatement[] {
  const found = new Set<AnyStatement>();
  const visit = (value: unknown) => {
    if (value instanceof Statement) {
      found.add(value as AnyStatement);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  Object.values(exports).forEach(visit);
  return [...found].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/**
 * The SQL files of one statements module `src/<module>/…/<base>.statements.ts`: one per dialect, in
 * `src/<module>/sql/<base>.<dialect>.sql`, each statement under its name, as it is sent.
 */
export function sqlFiles(modulePath: string, exports: Record<string, unknown>): SqlFile[] {
  const base = basename(modulePath).replace(/\.statements\.(ts|js)$/, '');
  const source = `src/${modulePath.split(sep).join('/').replace(/\.js$/, '.ts')}`;
  const folder = sqlFolderOf(modulePath);
  const statements = statementsOf(exports);
  if (statements.length === 0) {
    throw new Error(`${source} exports no statement`);
  }
  return DIALECTS.map(({ file, label, fragments }) => ({
    path: join(folder, `${base}.${file}.sql`),
    content: [
      `-- Generated from ${source} by \`npm run sql\`; do not edit.`,
      `-- What each statement sends to ${label}; \`:name\` is a parameter the driver binds.`,
      ...statements.map((statement) => `\n-- ${statement.name}\n${statement.sql(fragments)};`),
      '',
    ].join('\n'),
  }));
}

/** The folder of a statements module's generated files: `src/<module>/sql`. */
export function sqlFolderOf(modulePath: string): string {
  return join('src', modulePath.split(sep)[0], 'sql');
}
