import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions, MigrationInterface, QueryRunner, Table } from 'typeorm';
import { mysqlMigrations } from '../../src/database/migrations/mysql';
import { sqliteMigrations } from '../../src/database/migrations/sqlite';
import {
  createDatabase,
  dataSourceFor,
  dropDatabase,
  isMysqlTarget,
  uniqueDatabaseName,
} from '../support/test-database';
import { withEnvironment } from '../support/with-environment';

/**
 * Releases roll back with `pm2 deploy ecosystem.config.js production revert 1`, which never reverts a
 * migration: the previous release runs on the schema the newer one left. So every migration must be
 * expand-only against the schema before it (README, "Releases with PM2 deploy"). On the dialect under
 * test (DB_TYPE), the migrations are applied one at a time to a fresh database, the schema is read after
 * each, and each step is compared with the one before; then the previous release's writes and reads
 * are run against it for real.
 */

// --- Schema snapshots ------------------------------------------------------------------------------

interface ColumnShape {
  /** Type with length/precision, sign, enum values and collation: any change is a retype. */
  type: string;
  nullable: boolean;
  /** The default as the database reports it; null when there is none. */
  default: string | null;
  /** Filled by the database (auto-increment, generated): INSERTs leave it out. */
  generated: boolean;
}

interface ForeignKeyShape {
  columns: string[];
  /** `users(id) ON DELETE CASCADE ON UPDATE NO ACTION` */
  references: string;
}

interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Column lists of unique indexes and unique constraints (sorted: (a, b) and (b, a) forbid the same rows). */
  uniqueKeys: string[][];
  foreignKeys: ForeignKeyShape[];
  checks: string[];
  /** Names of the indexes: a query may name one (FORCE INDEX, INDEXED BY), so a name must stay. */
  indexes: string[];
}

type SchemaSnapshot = Record<string, TableShape>;

function columnType(column: Table['columns'][number]): string {
  const size =
    column.length !== undefined && column.length !== ''
      ? `(${column.length})`
      : column.precision !== undefined && column.precision !== null
        ? `(${column.precision}${column.scale !== undefined ? `,${column.scale}` : ''})`
        : '';
  return [
    `${column.type}${size}`,
    column.unsigned ? 'unsigned' : '',
    column.enum ? `enum(${column.enum.join(',')})` : '',
    column.asExpression ? `as (${column.asExpression})` : '',
    column.collation ? `collate ${column.collation}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const sameColumns = (a: string[], b: string[]) => a.join(',') === b.join(',');

function tableShape(table: Table): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const column of table.columns) {
    columns[column.name] = {
      type: columnType(column),
      nullable: column.isNullable,
      default: column.default === undefined || column.default === null ? null : String(column.default),
      generated: column.isGenerated || column.asExpression !== undefined,
    };
  }
  const uniqueKeys = [
    ...table.indices.filter((index) => index.isUnique).map((index) => index.columnNames),
    ...table.uniques.map((unique) => unique.columnNames),
    ...table.columns.filter((column) => column.isUnique).map((column) => [column.name]),
  ]
    .map((names) => [...names].sort())
    .filter((names, i, all) => all.findIndex((other) => sameColumns(other, names)) === i)
    .sort((a, b) => a.join(',').localeCompare(b.join(',')));
  return {
    columns,
    primaryKey: table.primaryColumns.map((column) => column.name).sort(),
    uniqueKeys,
    foreignKeys: table.foreignKeys.map((key) => ({
      columns: key.columnNames,
      references:
        `${key.referencedTableName}(${key.referencedColumnNames.join(', ')})` +
        ` ON DELETE ${key.onDelete ?? 'NO ACTION'} ON UPDATE ${key.onUpdate ?? 'NO ACTION'}`,
    })),
    checks: table.checks.map((check) => check.expression ?? '').sort(),
    indexes: table.indices
      .map((index) => index.name ?? '')
      .filter(Boolean)
      .sort(),
  };
}

async function snapshot(queryRunner: QueryRunner, migrationsTable: string): Promise<SchemaSnapshot> {
  // Named, because TypeORM's getTables() without names reads every database on a MySQL server.
  const rows: { name: string }[] = await queryRunner.query(
    isMysqlTarget()
      ? 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const names = rows.map((row) => row.name).filter((name) => name !== migrationsTable);
  const tables = await queryRunner.getTables(names);
  return Object.fromEntries(
    tables.sort((a, b) => a.name.localeCompare(b.name)).map((table) => [table.name, tableShape(table)]),
  );
}

// --- The expand-only rules ---------------------------------------------------------------------------

/**
 * What in `after` could break code written for `before`, one readable line each; empty when `after`
 * only expands `before`. The previous release names only the columns it knows in its INSERTs, reads
 * them back, and relies on the constraints it knew, no stricter ones.
 */
function contractions(before: SchemaSnapshot, after: SchemaSnapshot): string[] {
  const found: string[] = [];
  for (const [tableName, old] of Object.entries(before)) {
    const now = after[tableName];
    if (!now) {
      found.push(`table ${tableName}: removed (or renamed)`);
      continue;
    }
    const added = Object.keys(now.columns).filter((name) => !(name in old.columns));
    // A NULL in a key column exempts the row from a unique key and a foreign key alike, so a key
    // that includes a new column the old code leaves NULL never refuses the old code's rows.
    const leftNullByOldCode = (name: string) =>
      added.includes(name) && now.columns[name].nullable && now.columns[name].default === null;

    for (const [name, column] of Object.entries(old.columns)) {
      const current = now.columns[name];
      const where = `table ${tableName}, column ${name}`;
      if (!current) {
        const candidates = added.filter((other) => now.columns[other].type === column.type);
        found.push(
          `${where}: removed${candidates.length > 0 ? ` (renamed to ${candidates.join(' or ')}?)` : ''}` +
            ': the previous release still reads and writes it',
        );
        continue;
      }
      if (current.type !== column.type) {
        found.push(`${where}: type changed from ${column.type} to ${current.type}`);
      }
      if (column.nullable && !current.nullable) {
        found.push(`${where}: made NOT NULL: the previous release may write NULL`);
      }
      if (column.default !== current.default) {
        found.push(
          `${where}: default changed from ${column.default ?? 'none'} to ${current.default ?? 'none'}: ` +
            'the previous release relies on it when it leaves the column out',
        );
      }
      if (column.generated && !current.generated) {
        found.push(`${where}: no longer generated: the previous release leaves it out of its INSERTs`);
      }
    }
    for (const name of added) {
      const column = now.columns[name];
      if (!column.nullable && column.default === null && !column.generated) {
        found.push(
          `table ${tableName}, column ${name}: added NOT NULL without a default: ` +
            "the previous release's INSERTs leave it out",
        );
      }
    }
    if (!sameColumns(old.primaryKey, now.primaryKey)) {
      found.push(
        `table ${tableName}: primary key changed from (${old.primaryKey.join(', ')}) to (${now.primaryKey.join(', ')})`,
      );
    }
    for (const key of now.uniqueKeys) {
      if (!old.uniqueKeys.some((other) => sameColumns(other, key)) && !key.some(leftNullByOldCode)) {
        found.push(`table ${tableName}: new unique key (${key.join(', ')}) may refuse the previous release's rows`);
      }
    }
    const describe = (key: ForeignKeyShape) => `(${key.columns.join(', ')}) → ${key.references}`;
    for (const key of now.foreignKeys) {
      if (!old.foreignKeys.some((other) => describe(other) === describe(key)) && !key.columns.some(leftNullByOldCode)) {
        found.push(`table ${tableName}: new foreign key ${describe(key)} may refuse the previous release's writes`);
      }
    }
    for (const check of now.checks) {
      if (!old.checks.includes(check)) {
        found.push(`table ${tableName}: new check (${check}) may refuse the previous release's rows`);
      }
    }
    // The feed names IDX_articles_created in its query; any index may be named so. Its columns may
    // change (a migration may rebuild it under the same name), its name must not go.
    for (const index of old.indexes) {
      if (!now.indexes.includes(index)) {
        found.push(
          `table ${tableName}: index ${index} removed or renamed: a query of the previous release may name it`,
        );
      }
    }
  }
  return found;
}

/**
 * Contractions that are meant: a migration that drops or tightens what an earlier release used ships
 * only in a release after the one that stopped using it, and is listed here by name with exactly the
 * lines `contractions` prints for it. `revert` is then safe back to that release, not past it.
 */
const INTENDED_CONTRACTIONS: Record<string, string[]> = {};

// --- The previous release's writes and reads, for real ---------------------------------------------

/** A value of the column's type that no earlier round used (`round` counts up). */
function valueFor(column: ColumnShape, round: number): string | number {
  const type = column.type.toLowerCase();
  const length = /\((\d+)\)/.exec(type);
  if (/^(tinyint|bool|boolean|bit)\b/.test(type)) {
    return 1;
  }
  if (/^(int|integer|smallint|mediumint|bigint|decimal|numeric|float|double|real)\b/.test(type)) {
    return 100_000 + round;
  }
  if (/^(datetime|timestamp)\b/.test(type)) {
    return `2001-02-03 04:05:${String(round % 60).padStart(2, '0')}.125`;
  }
  if (/^date\b/.test(type)) {
    return '2001-02-03';
  }
  if (/^time\b/.test(type)) {
    return '04:05:06';
  }
  if (/^json\b/.test(type)) {
    return '{}';
  }
  const enumValues = /enum\(([^)]*)\)/.exec(type);
  if (enumValues) {
    return enumValues[1].split(',')[0];
  }
  return `r${round}`.slice(0, length ? Number(length[1]) : undefined);
}

/** Parents before children, so every foreign key can point at this round's parent row. */
function insertionOrder(schema: SchemaSnapshot): string[] {
  const order: string[] = [];
  const pending = new Set(Object.keys(schema));
  while (pending.size > 0) {
    const ready = [...pending].filter((name) =>
      schema[name].foreignKeys.every((key) => {
        const parent = key.references.slice(0, key.references.indexOf('('));
        return parent === name || order.includes(parent) || !(parent in schema);
      }),
    );
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    }
    for (const name of ready) {
      order.push(name);
      pending.delete(name);
    }
  }
  return order;
}

/**
 * As the release that knew `schema`: one INSERT per table naming exactly the columns it knew (parents
 * first, foreign keys pointing at the new parent rows), then a SELECT of those columns by primary key.
 * Returns what failed, one line each.
 */
async function writeAndReadAsRelease(
  queryRunner: QueryRunner,
  schema: SchemaSnapshot,
  round: number,
): Promise<string[]> {
  const escape = (name: string) => queryRunner.connection.driver.escape(name);
  const written: Record<string, Record<string, string | number>> = {};
  const failures: string[] = [];
  for (const tableName of insertionOrder(schema)) {
    const table = schema[tableName];
    const row: Record<string, string | number> = {};
    for (const [name, column] of Object.entries(table.columns)) {
      // Auto-increment ids are written (the children's foreign keys need them); computed columns never.
      if (!column.type.includes(' as (')) {
        row[name] = valueFor(column, round);
      }
    }
    const unwritten = new Set(
      table.foreignKeys
        .map((key) => key.references.slice(0, key.references.indexOf('(')))
        .filter((parent) => parent !== tableName && !written[parent]),
    );
    if (unwritten.size > 0) {
      failures.push(`${tableName}: not tried, as ${[...unwritten].join(' and ')} could not be written`);
      continue;
    }
    for (const key of table.foreignKeys) {
      const parent = key.references.slice(0, key.references.indexOf('('));
      const parentColumns = key.references
        .slice(key.references.indexOf('(') + 1, key.references.indexOf(')'))
        .split(', ');
      key.columns.forEach((name, i) => {
        row[name] = (parent === tableName ? row : written[parent])[parentColumns[i]];
      });
    }
    const names = Object.keys(row);
    const keyColumns = table.primaryKey.length > 0 ? table.primaryKey : names;
    try {
      await queryRunner.query(
        `INSERT INTO ${escape(tableName)} (${names.map(escape).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        names.map((name) => row[name]),
      );
      const found: unknown[] = await queryRunner.query(
        `SELECT ${names.map(escape).join(', ')} FROM ${escape(tableName)} WHERE ${keyColumns.map((name) => `${escape(name)} = ?`).join(' AND ')}`,
        keyColumns.map((name) => row[name]),
      );
      if (found.length !== 1) {
        failures.push(`${tableName}: the row written was read back ${found.length} times`);
      }
      written[tableName] = row;
    } catch (error) {
      failures.push(`${tableName}: ${(error as Error).message}`);
    }
  }
  return failures;
}

// --- The migrations, one at a time ---------------------------------------------------------------------

const migrations: (new () => MigrationInterface)[] = isMysqlTarget() ? mysqlMigrations : sqliteMigrations;
const migrationName = (migration: new () => MigrationInterface) => new migration().name ?? migration.name;

describe(`Migrations (${process.env.DB_TYPE}) are expand-only, so a release rolls back without reverting them`, () => {
  let options: DataSourceOptions;
  let databaseName: string | undefined;
  let directory: string | undefined;
  /** snapshots[i]: the schema once migrations[0..i] have run. */
  const snapshots: SchemaSnapshot[] = [];
  /** probes[i]: what failed when the release before migrations[i] wrote and read after it ran. */
  const probes: string[][] = [];

  /** A DataSource on the test database that knows only the first `count` migrations (one release's code). */
  const releaseWith = (count: number) => new DataSource({ ...options, migrations: migrations.slice(0, count) });

  beforeAll(async () => {
    if (isMysqlTarget()) {
      databaseName = uniqueDatabaseName('expand');
      await createDatabase(databaseName);
      options = dataSourceFor({ DB_NAME: databaseName, DB_MIGRATIONS_RUN: 'false' }).options;
    } else {
      // A file, not :memory:, so that each release's DataSource opens the same database.
      directory = mkdtempSync(join(tmpdir(), 'conduit-expand-'));
      options = dataSourceFor({ DB_PATH: join(directory, 'conduit.sqlite'), DB_MIGRATIONS_RUN: 'false' }).options;
    }
    for (let i = 0; i < migrations.length; i++) {
      const dataSource = await releaseWith(i + 1).initialize();
      try {
        const ran = await dataSource.runMigrations();
        expect(ran.map((migration) => migration.name)).toEqual([migrationName(migrations[i])]);
        const queryRunner = dataSource.createQueryRunner();
        try {
          snapshots.push(await snapshot(queryRunner, dataSource.options.migrationsTableName ?? 'migrations'));
          // The first migration is checked against its own schema: the probe itself must work.
          probes.push(await writeAndReadAsRelease(queryRunner, snapshots[Math.max(i - 1, 0)], i));
        } finally {
          await queryRunner.release();
        }
      } finally {
        await dataSource.destroy();
      }
    }
  }, 120_000);

  afterAll(async () => {
    if (databaseName) {
      await dropDatabase(databaseName);
    }
    if (directory) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('should read a schema with tables, columns, keys, foreign keys and index names after every migration', () => {
    expect(snapshots).toHaveLength(migrations.length);
    const last = snapshots[snapshots.length - 1];
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['users', 'articles', 'comments', 'tags']));
    expect(last.users.columns.email).toMatchObject({ nullable: false, default: null });
    expect(last.users.uniqueKeys).toContainEqual(['email']);
    expect(last.articles.foreignKeys).toContainEqual({
      columns: ['author_id'],
      references: 'users(id) ON DELETE CASCADE ON UPDATE NO ACTION',
    });
    expect(last.articles.indexes).toContain('IDX_articles_created');
    expect(last.tags.indexes).toContain('IDX_tags_popularity');
  });

  it.each(migrations.slice(1).map((migration, i) => [migrationName(migration), i + 1]))(
    '%s should only expand the schema before it',
    (name, i) => {
      expect(contractions(snapshots[i - 1], snapshots[i])).toEqual(INTENDED_CONTRACTIONS[name] ?? []);
    },
  );

  it("should leave the previous release's INSERTs and SELECTs working after each migration", () => {
    const failed = probes.flatMap((failures, i) =>
      failures.map((line) => `after ${migrationName(migrations[i])}: ${line}`),
    );
    expect(failed).toEqual([]);
  });

  it("should let every earlier release's `npm run migration:run` (the post-deploy of a revert) find nothing to do", async () => {
    for (let count = 1; count < migrations.length; count++) {
      const dataSource = await releaseWith(count).initialize();
      try {
        expect(await dataSource.showMigrations()).toBe(false);
        expect(await dataSource.runMigrations()).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    }
  });

  // Last: it contracts the test database itself.
  it('should catch a contracting change made to this very database, read back as the others are', async () => {
    const dataSource = await releaseWith(migrations.length).initialize();
    const queryRunner = dataSource.createQueryRunner();
    try {
      const escape = (name: string) => dataSource.driver.escape(name);
      const before = snapshots[snapshots.length - 1];
      await queryRunner.query(`ALTER TABLE ${escape('users')} DROP COLUMN ${escape('bio')}`);
      await queryRunner.query(
        `CREATE UNIQUE INDEX ${escape('UQ_users_username')} ON ${escape('users')} (${escape('username')})`,
      );
      const after = await snapshot(queryRunner, 'migrations');

      expect(contractions(before, after)).toEqual([
        'table users, column bio: removed: the previous release still reads and writes it',
        "table users: new unique key (username) may refuse the previous release's rows",
      ]);
      expect(await writeAndReadAsRelease(queryRunner, before, migrations.length)).toContainEqual(
        expect.stringMatching(/^users: .*bio/),
      );
    } finally {
      await queryRunner.release();
      await dataSource.destroy();
    }
  });
});

// --- The checks can fail --------------------------------------------------------------------------------

describe('The expand-only check', () => {
  const column = (shape: Partial<ColumnShape> = {}): ColumnShape => ({
    type: 'varchar(32)',
    nullable: false,
    default: null,
    generated: false,
    ...shape,
  });
  const before: SchemaSnapshot = {
    users: {
      columns: {
        id: column({ type: 'int', generated: true }),
        username: column(),
        bio: column({ type: 'text', nullable: true }),
      },
      primaryKey: ['id'],
      uniqueKeys: [['username']],
      foreignKeys: [],
      checks: [],
      indexes: ['IDX_users_username'],
    },
    articles: {
      columns: { id: column({ type: 'int', generated: true }), author_id: column({ type: 'int' }) },
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      checks: [],
      indexes: ['IDX_articles_author'],
    },
  };
  const change = (edit: (schema: SchemaSnapshot) => void): SchemaSnapshot => {
    const after = structuredClone(before);
    edit(after);
    return after;
  };

  it('should accept a new table, a nullable column, a column with a default and a key on a new nullable column', () => {
    const after = change((schema) => {
      schema.tags = {
        columns: { id: column({ type: 'int' }) },
        primaryKey: ['id'],
        uniqueKeys: [],
        foreignKeys: [],
        checks: [],
        indexes: [],
      };
      schema.users.columns.image = column({ nullable: true });
      schema.users.columns.articles_count = column({ type: 'int', default: '0' });
      schema.users.columns.external_id = column({ nullable: true });
      schema.users.uniqueKeys.push(['external_id']);
      schema.users.columns.bio.nullable = true;
    });

    expect(contractions(before, after)).toEqual([]);
  });

  it('should refuse a dropped column, a dropped table and a rename', () => {
    const after = change((schema) => {
      delete schema.users.columns.bio;
      delete schema.articles;
    });
    const renamed = change((schema) => {
      schema.users.columns.name = schema.users.columns.username;
      delete schema.users.columns.username;
      schema.users.uniqueKeys = [['name']];
    });

    expect(contractions(before, after)).toEqual([
      'table users, column bio: removed: the previous release still reads and writes it',
      'table articles: removed (or renamed)',
    ]);
    expect(contractions(before, renamed)).toEqual([
      'table users, column username: removed (renamed to name?): the previous release still reads and writes it',
      'table users, column name: added NOT NULL without a default: ' + "the previous release's INSERTs leave it out",
      "table users: new unique key (name) may refuse the previous release's rows",
    ]);
  });

  it('should refuse a NOT NULL column without a default, a retype and a tightened column', () => {
    const after = change((schema) => {
      schema.users.columns.email = column();
      schema.users.columns.username.type = 'varchar(16)';
      schema.users.columns.bio.nullable = false;
      schema.users.columns.id.generated = false;
    });

    expect(contractions(before, after)).toEqual([
      'table users, column id: no longer generated: the previous release leaves it out of its INSERTs',
      'table users, column username: type changed from varchar(32) to varchar(16)',
      'table users, column bio: made NOT NULL: the previous release may write NULL',
      "table users, column email: added NOT NULL without a default: the previous release's INSERTs leave it out",
    ]);
  });

  it('should refuse a dropped or renamed index, and accept one rebuilt under its name', () => {
    const dropped = change((schema) => {
      schema.articles.indexes = ['IDX_articles_author_created'];
    });
    const rebuilt = change((schema) => {
      schema.articles.indexes = ['IDX_articles_author', 'IDX_articles_extra'];
    });

    expect(contractions(before, dropped)).toEqual([
      'table articles: index IDX_articles_author removed or renamed: a query of the previous release may name it',
    ]);
    expect(contractions(before, rebuilt)).toEqual([]);
  });

  it('should refuse a new unique key, foreign key or check over existing columns', () => {
    const after = change((schema) => {
      schema.articles.uniqueKeys.push(['author_id']);
      schema.articles.foreignKeys.push({
        columns: ['author_id'],
        references: 'users(id) ON DELETE CASCADE ON UPDATE NO ACTION',
      });
      schema.users.checks.push('length(username) > 2');
    });

    expect(contractions(before, after)).toEqual([
      "table users: new check (length(username) > 2) may refuse the previous release's rows",
      "table articles: new unique key (author_id) may refuse the previous release's rows",
      "table articles: new foreign key (author_id) → users(id) ON DELETE CASCADE ON UPDATE NO ACTION may refuse the previous release's writes",
    ]);
  });
});

// --- ecosystem.config.js --------------------------------------------------------------------------------

interface Ecosystem {
  apps: { name: string }[];
  deploy?: { production: Record<string, string | string[]> };
}

describe('ecosystem.config.js', () => {
  const DEPLOY = {
    DEPLOY_HOST: 'app1.example.com',
    DEPLOY_USER: 'conduit',
    DEPLOY_REPO: 'git@github.com:example/conduit.git',
    DEPLOY_PATH: '/srv/conduit',
  };
  /** The file as PM2 loads it, afresh, with exactly these environment variables. */
  const load = (variables: Record<string, string>) =>
    withEnvironment(variables, () => {
      let config: Ecosystem | undefined;
      jest.isolateModules(() => {
        config = jest.requireActual<Ecosystem>('../../ecosystem.config.js');
      });
      return config!;
    });

  it('should load without DEPLOY_* variables, as a process file with no deploy section', () => {
    const config = load({});

    expect(config.apps.map((app) => app.name)).toEqual(['conduit-api']);
    expect(config.deploy).toBeUndefined();
  });

  it('should deploy production from the DEPLOY_* variables, with npm ci, build, migrations, then a reload', () => {
    const production = load(DEPLOY).deploy?.production;

    expect(production).toMatchObject({
      host: 'app1.example.com',
      user: 'conduit',
      repo: 'git@github.com:example/conduit.git',
      ref: 'origin/main',
      path: '/srv/conduit',
    });
    const steps = ['npm ci', 'npm run build', 'npm run migration:run', 'pm2 startOrReload ecosystem.config.js'];
    const postDeploy = String(production?.['post-deploy']);
    const positions = steps.map((step) => postDeploy.indexOf(step));
    expect(positions.every((position, i) => position >= 0 && (i === 0 || position > positions[i - 1]))).toBe(true);
    expect(postDeploy).toMatch(/pm2 startOrReload ecosystem\.config\.js --env production --update-env$/);
  });

  it('should take several hosts, a ref, a key and SSH options', () => {
    const production = load({
      ...DEPLOY,
      DEPLOY_HOST: 'app1.example.com, app2.example.com',
      DEPLOY_REF: 'origin/release',
      DEPLOY_KEY: '~/.ssh/conduit_deploy',
      DEPLOY_SSH_OPTIONS: 'StrictHostKeyChecking=accept-new Port=2222',
    }).deploy?.production;

    expect(production).toMatchObject({
      host: ['app1.example.com', 'app2.example.com'],
      ref: 'origin/release',
      key: '~/.ssh/conduit_deploy',
      ssh_options: ['StrictHostKeyChecking=accept-new', 'Port=2222'],
    });
  });

  it('should leave the deploy section out, and say why, when a DEPLOY_* variable is missing or unusable', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // Blank counts as unset, as `DEPLOY_REPO=` in a .env copied from .env.example.
      expect(load({ ...DEPLOY, DEPLOY_REPO: '' }).deploy).toBeUndefined();
      expect(load({ ...DEPLOY, DEPLOY_PATH: 'srv/conduit' }).deploy).toBeUndefined();
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringContaining('DEPLOY_REPO not set'),
        expect.stringContaining('DEPLOY_PATH must be an absolute path on the host'),
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
