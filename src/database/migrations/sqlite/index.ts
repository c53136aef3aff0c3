import { MigrationInterface } from 'typeorm';
import { CreateConduitDomain1795589456270 } from './1795589456270-CreateConduitDomain';
import { CreateUsers1795587512160 } from './1795587512160-CreateUsers';
import { CreateReplicationHeartbeat1795605600725 } from './1795605600725-CreateReplicationHeartbeat';
import { TagsPopularityDescending1796220000000 } from './1796220000000-TagsPopularityDescending';

/** Every SQLite migration, oldest first. A new migration is added here (the drift test fails otherwise). */
export const sqliteMigrations: (new () => MigrationInterface)[] = [
  CreateUsers1795587512160,
  CreateConduitDomain1795589456270,
  CreateReplicationHeartbeat1795605600725,
  TagsPopularityDescending1796220000000,
];
