import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Database } from './database';
import { createDialect } from './dialect/create-dialect';
import { Dialect } from './dialect/dialect';

/** The dialect of the configured database and the statement runner, for every module. */
@Global()
@Module({
  providers: [{ provide: Dialect, useFactory: createDialect, inject: [getDataSourceToken()] }, Database],
  exports: [Dialect, Database],
})
export class DatabaseModule {}
