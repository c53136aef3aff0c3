import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard } from './auth/auth.guard';
import { ArticlesModule } from './articles/articles.module';
import { AuthModule } from './auth/auth.module';
import { CommentsModule } from './comments/comments.module';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { configModuleOptions } from './config/config.options';
import { databaseConfig } from './config/database.config';
import { DatabaseModule } from './database/database.module';
import { ReplicationModule } from './database/replication/replication.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProfilesModule } from './profiles/profiles.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { TagsModule } from './tags/tags.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot(configModuleOptions),
    LoggingModule,
    RateLimitModule,
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      // A database that is still starting gets a few tries before startup fails (PM2 then restarts it).
      useFactory: (options: ConfigType<typeof databaseConfig>) => ({ ...options, retryAttempts: 5, retryDelay: 2000 }),
    }),
    DatabaseModule,
    ReplicationModule,
    AuthModule,
    UsersModule,
    ProfilesModule,
    ArticlesModule,
    CommentsModule,
    TagsModule,
    LifecycleModule,
    HealthModule,
    MetricsModule,
  ],
  providers: [
    // In this order: a rate-limited request is refused before any token is verified.
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class AppModule {}
