import { MigrationInterface } from 'typeorm';
import { CreateConduitDomain1795589456270 } from './1795589456270-CreateConduitDomain';
import { CreateUsers1795587512160 } from './1795587512160-CreateUsers';
import { CreateReplicationHeartbeat1795605600725 } from './1795605600725-CreateReplicationHeartbeat';
import { TagsPopularityDescending1796220000000 } from './1796220000000-TagsPopularityDescending';
import { UsersLastArticleAt1796300000000 } from './1796300000000-UsersLastArticleAt';

/**
 * Every SQLite migration, oldest first. A new migration is added here (the drift test fails otherwise).
 *
 * Expand/contract: a release's migrations run while the previous release still serves, and stay applied
 * when `pm2 deploy … revert` puts that release back, so they must leave its code working. Add tables,
 * columns (nullable or with a default) and non-unique indexes; never drop, rename or retype a column or
 * table, nor add a unique key or foreign key over existing columns, in the release that stops using it:
 * that contraction ships in a later release. test/integration/migrations-expand.spec.ts checks each one.
 */
export const sqliteMigrations: (new () => MigrationInterface)[] = [
  CreateUsers1795587512160,
  CreateConduitDomain1795589456270,
  CreateReplicationHeartbeat1795605600725,
  TagsPopularityDescending1796220000000,
  UsersLastArticleAt1796300000000,
];
