import { ConfigModuleOptions } from '@nestjs/config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { validateEnv } from './environment';
import { jwtConfig } from './jwt.config';
import { replicationConfig } from './replication.config';
import { securityConfig } from './security.config';

/**
 * `.env` is loaded once by loadEnvFile() (main.ts) before Nest starts; tests never read a
 * developer's `.env`, their environment is set by the test setup alone.
 */
export const configModuleOptions: ConfigModuleOptions = {
  isGlobal: true,
  cache: true,
  load: [appConfig, databaseConfig, replicationConfig, jwtConfig, securityConfig],
  validate: validateEnv,
  ignoreEnvFile: true,
};
