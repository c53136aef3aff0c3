import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Dialect } from './dialect/dialect';
import { Statement, StatementParameters } from './dialect/statement';

/** What a write changed: rows affected, and the new row's id after a one-row INSERT. */
export interface WriteResult {
  affected: number;
  /** The raw driver result; read an INSERT's id from it with `insertedId()`. */
  raw: unknown;
}

/**
 * Runs the repositories' statements. A statement's SQL is built once per dialect (see Statement).
 * Reads outside a transaction go to the dialect's `read()`, on a read connection, so TypeORM's
 * read routing can send them to a replica; a fixed text takes its parameters by position (MySQL
 * prepares it once per connection). Everything else binds its parameters with the driver's escaping.
 */
@Injectable()
export class Database {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  /** The rows of a read. */
  async rows<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R[]> {
    const positional = statement.positional(this.dialect.sql);
    if (!positional) {
      return (await this.dialect.read(...this.bind(statement, parameters), false)) as R[];
    }
    const values = positional.names.map((name) => parameters[name]);
    if (values.some((value) => value === undefined)) {
      const missing = positional.names.filter((name) => parameters[name] === undefined);
      throw new Error(`${statement.name}: called without ${missing.join(', ')}`);
    }
    return (await this.dialect.read(positional.text, values, true)) as R[];
  }

  /** The first row of a read, or undefined. */
  async first<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R | undefined> {
    const [row] = await this.rows(statement, parameters);
    return row;
  }

  /** A write outside a transaction, on the primary. */
  async run<P extends StatementParameters>(statement: Statement<P>, parameters: P): Promise<WriteResult> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      return await write(runner, this.bind(statement, parameters));
    } finally {
      await runner.release();
    }
  }

  /** Runs `work` in one transaction: retried after a deadlock, or queued, as the dialect needs. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dialect.transaction((manager) => work(new Transaction(manager, this)));
  }

  /** An INSERT's new id. */
  insertedId(result: WriteResult): number {
    return this.dialect.insertedId(result.raw);
  }

  /** The SQL and values of a call, for the driver. */
  bind<P extends StatementParameters>(statement: Statement<P, unknown>, parameters: P): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(statement.sql(this.dialect.sql), parameters);
  }
}

/** The statements of one transaction, on its connection. */
export class Transaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly database: Database,
  ) {}

  async rows<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R[]> {
    return this.manager.query<R[]>(...this.database.bind(statement, parameters));
  }

  async first<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R | undefined> {
    const [row] = await this.rows(statement, parameters);
    return row;
  }

  run<P extends StatementParameters>(statement: Statement<P>, parameters: P): Promise<WriteResult> {
    if (!this.manager.queryRunner) {
      throw new Error('a transaction without its query runner');
    }
    return write(this.manager.queryRunner, this.database.bind(statement, parameters));
  }
}

async function write(runner: QueryRunner, [sql, values]: [string, unknown[]]): Promise<WriteResult> {
  const result = await runner.query(sql, values, true);
  return { affected: result.affected ?? 0, raw: result.raw };
}
