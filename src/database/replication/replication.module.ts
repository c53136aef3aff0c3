import { Global, Module } from '@nestjs/common';
import { ReadRouter } from './read-router';
import { ReadRoutingInterceptor } from './read-routing.interceptor';
import { ReadYourWrites } from './read-your-writes';

/**
 * MySQL/MariaDB read replicas (DB_READ_HOSTS): which reads go where, the replicas' lag checks, and
 * read-your-writes. Without replicas every part of it stands aside.
 */
@Global()
@Module({
  // ReadRoutingInterceptor is made global by configureApp(), and only when there are replicas.
  providers: [ReadRouter, ReadYourWrites, ReadRoutingInterceptor],
  exports: [ReadRouter, ReadRoutingInterceptor],
})
export class ReplicationModule {}
