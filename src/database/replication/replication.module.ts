import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadRouter } from './read-router';
import { ReadRoutingInterceptor } from './read-routing.interceptor';
import { ReadYourWrites } from './read-your-writes';

/**
 * MySQL/MariaDB read replicas (DB_READ_HOSTS): which reads go where, the replicas' lag checks, and
 * read-your-writes. Without replicas every part of it stands aside.
 */
@Global()
@Module({
  providers: [ReadRouter, ReadYourWrites, { provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor }],
  exports: [ReadRouter],
})
export class ReplicationModule {}
