import { DataSource } from 'typeorm';
import {
  createDatabase,
  dataSourceFor,
  dropDatabase,
  isMysqlTarget,
  uniqueDatabaseName,
} from '../support/test-database';

/**
 * The migrations are the schema: on a fresh database they must produce exactly what the entities
 * describe (TypeORM's schema builder finds nothing to change), and revert cleanly.
 */
describe('Migrations', () => {
  let dataSource: DataSource;
  let databaseName: string | undefined;

  beforeAll(async () => {
    if (isMysqlTarget()) {
      databaseName = uniqueDatabaseName('drift');
      await createDatabase(databaseName);
      dataSource = dataSourceFor({ DB_NAME: databaseName, DB_MIGRATIONS_RUN: 'false' });
    } else {
      dataSource = dataSourceFor({ DB_PATH: ':memory:', DB_MIGRATIONS_RUN: 'false' });
    }
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    if (databaseName) {
      await dropDatabase(databaseName);
    }
  });

  const pendingSchemaChanges = async (): Promise<string[]> => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  };

  it('should leave no difference between the entities and the migrated schema', async () => {
    await dataSource.runMigrations();

    expect(await dataSource.showMigrations()).toBe(false);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('should revert every migration and apply them again without drift', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) {
      await dataSource.undoLastMigration();
    }
    const queryRunner = dataSource.createQueryRunner();
    const left = [];
    for (const { tableName } of dataSource.entityMetadatas) {
      if (await queryRunner.hasTable(tableName)) {
        left.push(tableName);
      }
    }
    await queryRunner.release();
    expect(left).toEqual([]);

    await dataSource.runMigrations();

    expect(await pendingSchemaChanges()).toEqual([]);
  });

  if (isMysqlTarget()) {
    it('should compare normalised keys exactly (binary collation), as SQLite does', async () => {
      const rows: { key: string; COLLATION_NAME: string }[] = await dataSource.query(
        `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS \`key\`, COLLATION_NAME FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = ? AND CONCAT(TABLE_NAME, '.', COLUMN_NAME) IN ('users.email', 'users.username_key', 'articles.slug', 'tags.name')`,
        [databaseName],
      );

      expect(Object.fromEntries(rows.map((row) => [row.key, row.COLLATION_NAME]))).toEqual({
        'users.email': 'utf8mb4_bin',
        'users.username_key': 'utf8mb4_bin',
        'articles.slug': 'utf8mb4_bin',
        'tags.name': 'utf8mb4_bin',
      });
    });

    it('should create every table as utf8mb4 so any Unicode round-trips', async () => {
      const rows: { TABLE_NAME: string; TABLE_COLLATION: string }[] = await dataSource.query(
        'SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [databaseName],
      );
      for (const row of rows) {
        expect(`${row.TABLE_NAME}: ${row.TABLE_COLLATION}`).toMatch(/: utf8mb4_/);
      }
    });
  }
});
