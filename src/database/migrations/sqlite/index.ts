import { MigrationInterface } from 'typeorm';
import { CreateUsers1795587512160 } from './1795587512160-CreateUsers';

/** Every SQLite migration, oldest first. A new migration is added here (the drift test fails otherwise). */
export const sqliteMigrations: (new () => MigrationInterface)[] = [CreateUsers1795587512160];
