import { DataSourceOptions, MigrationInterface } from 'typeorm';
import { checkBackupSchema, codeMigrations, lastMigration, migrationTimestamp } from './migration-check';

const CODE = ['Init1700000000000', 'AddTags1710000000000', 'AddIndex1720000000000'];

describe('lastMigration', () => {
  it('should give the greatest timestamp, the later row on a tie, null for none', () => {
    expect(
      lastMigration([
        { id: 1, timestamp: 1700000000000, name: 'Init1700000000000' },
        { id: 3, timestamp: 1720000000000, name: 'B1720000000000' },
        { id: 2, timestamp: 1720000000000, name: 'A1720000000000' },
        { id: 4, timestamp: 1710000000000, name: 'Late1710000000000' },
      ]),
    ).toBe('B1720000000000');
    expect(lastMigration([])).toBeNull();
  });
});

describe('migrationTimestamp', () => {
  it('should read the 13 digits a name ends with', () => {
    expect(migrationTimestamp('AddTags1710000000000')).toBe(1710000000000);
    expect(migrationTimestamp('NoTimestamp')).toBeNaN();
  });
});

describe('codeMigrations', () => {
  class First1700000000000 implements MigrationInterface {
    up = () => Promise.resolve();
    down = () => Promise.resolve();
  }
  class Second implements MigrationInterface {
    name = 'Named1710000000000';
    up = () => Promise.resolve();
    down = () => Promise.resolve();
  }

  it('should give the names TypeORM records, in order', () => {
    const options = { type: 'better-sqlite3', database: ':memory:', migrations: [First1700000000000, Second] };

    expect(codeMigrations(options as DataSourceOptions)).toEqual(['First1700000000000', 'Named1710000000000']);
  });

  it('should refuse migrations given as file globs', () => {
    const options = { type: 'better-sqlite3', database: ':memory:', migrations: ['dist/migrations/*.js'] };

    expect(() => codeMigrations(options as DataSourceOptions)).toThrow('must list the migration classes');
  });
});

describe('checkBackupSchema', () => {
  it("should accept a backup at one of the code's migrations, or with none", () => {
    for (const last of [...CODE, null]) {
      expect(() => checkBackupSchema(last, CODE)).not.toThrow();
    }
  });

  it('should refuse a backup from a newer schema', () => {
    expect(() => checkBackupSchema('Future1790000000000', CODE)).toThrow(
      'backup is from a newer schema (Future1790000000000); upgrade the code first',
    );
    expect(() => checkBackupSchema('Any1700000000000', [])).toThrow(/newer schema/);
  });

  it('should refuse a backup from another line of migrations', () => {
    expect(() => checkBackupSchema('Sideways1715000000000', CODE)).toThrow(
      "backup's last migration Sideways1715000000000 is not one of this code's migrations (its last is AddIndex1720000000000)",
    );
  });
});
