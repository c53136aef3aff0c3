import { FactoryProvider } from '@nestjs/common';
import { AppConfig, appConfig } from '../../config/app.config';
import { HostEnvironment, hostEnvironment } from '../../config/host-environment';
import { PasswordHasher, PasswordHasherOptions } from './password-hasher';

type HashingSettings = Pick<AppConfig, 'passwordHashConcurrency' | 'passwordHashPriority'>;

/** The hasher's options from PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_PRIORITY, and from where it runs. */
export function passwordHasherOptions(
  config: HashingSettings,
  host: Pick<HostEnvironment, 'searchPath' | 'pm2'>,
): PasswordHasherOptions {
  return {
    concurrency: config.passwordHashConcurrency,
    priority: config.passwordHashPriority,
    searchPath: host.searchPath,
    clusterWorker: host.pm2?.clusterMode ?? false,
  };
}

export const passwordHasherProvider: FactoryProvider<PasswordHasher> = {
  provide: PasswordHasher,
  inject: [appConfig.KEY],
  useFactory: (config: HashingSettings) => new PasswordHasher(passwordHasherOptions(config, hostEnvironment())),
};
