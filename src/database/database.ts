import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Dialect } from './dialect/dialect';
import { Session, WriteResult } from './dialect/session';
import { Statement, StatementParameters } from './dialect/statement';

export type { WriteResult } from './dialect/session';

/** A statement call as the driver takes it: the SQL, its values in order, and whether it is a fixed text. */
type Call = [sql: string, values: unknown[], prepared: boolean];

/**
 * Runs the repositories' statements. A statement's SQL is built once per dialect (see Statement).
 * Where the dialect prepares statements, a fixed text takes its parameters by position (MySQL
 * prepares it once per connection); everything else binds its parameters with TypeORM's escaping.
 * Reads outside a transaction go to a read connection, so read routing can send them to a replica.
 */
@Injectable()
export class Database {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  /** The rows of a read. */
  async rows<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R[]> {
    return (await this.dialect.read(...this.call(statement, parameters))) as R[];
  }

  /** The first row of a read, or undefined. */
  async first<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R | undefined> {
    const [row] = await this.rows(statement, parameters);
    return row;
  }

  /** A write outside a transaction, on the primary. */
  run<P extends StatementParameters>(statement: Statement<P>, parameters: P): Promise<WriteResult> {
    return this.dialect.write(...this.call(statement, parameters));
  }

  /** Runs `work` in one transaction: retried after a deadlock, or queued, as the dialect needs. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dialect.transaction((session) => work(new Transaction(session, this)));
  }

  /** An INSERT's new id. */
  insertedId(result: WriteResult): number {
    return this.dialect.insertedId(result.raw);
  }

  /** A call's SQL and values, positional where the dialect prepares statements and the text is fixed. */
  call<P extends StatementParameters>(statement: Statement<P, unknown>, parameters: P): Call {
    const { sql } = this.dialect;
    // The compiler checks the names; a value that is undefined at run time would be sent as NULL or left unbound.
    const missing = statement.placeholders(sql).filter((name) => parameters[name] === undefined);
    if (missing.length > 0) {
      throw new Error(`${statement.name}: called without ${missing.join(', ')}`);
    }
    const positional = this.dialect.prepares ? statement.positional(sql) : undefined;
    if (!positional) {
      return [...this.dataSource.driver.escapeQueryWithParameters(statement.sql(sql), parameters), false];
    }
    return [positional.text, positional.names.map((name) => parameters[name]), true];
  }
}

/** The statements of one transaction, on its connection. */
export class Transaction {
  constructor(
    private readonly session: Session,
    private readonly database: Database,
  ) {}

  async rows<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R[]> {
    return (await this.session.rows(...this.database.call(statement, parameters))) as R[];
  }

  async first<P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P): Promise<R | undefined> {
    const [row] = await this.rows(statement, parameters);
    return row;
  }

  run<P extends StatementParameters>(statement: Statement<P>, parameters: P): Promise<WriteResult> {
    return this.session.write(...this.database.call(statement, parameters));
  }
}
