import { MigrationInterface } from 'typeorm';
import { CreateConduitDomain1795589458719 } from './1795589458719-CreateConduitDomain';
import { CreateUsers1795587513412 } from './1795587513412-CreateUsers';

/** Every MySQL/MariaDB migration, oldest first. A new migration is added here (the drift test fails otherwise). */
export const mysqlMigrations: (new () => MigrationInterface)[] = [
  CreateUsers1795587513412,
  CreateConduitDomain1795589458719,
];
