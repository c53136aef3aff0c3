import { QueryRunner } from 'typeorm';

/** What a write changed: rows affected, and the driver's raw result (an INSERT's id is read from it). */
export interface WriteResult {
  affected: number;
  raw: unknown;
}

/**
 * The statements sent on one connection: inside a transaction, or a single read or write.
 * `prepared`: the text is a statement's fixed text, worth preparing once per connection where the
 * driver can; the values are in the order of its `?` placeholders.
 */
export interface Session {
  rows(sql: string, values: unknown[], prepared: boolean): Promise<unknown[]>;
  write(sql: string, values: unknown[], prepared: boolean): Promise<WriteResult>;
}

/** A session on a TypeORM query runner, which runs every statement as text. */
export class QueryRunnerSession implements Session {
  constructor(private readonly runner: QueryRunner) {}

  async rows(sql: string, values: unknown[]): Promise<unknown[]> {
    return (await this.runner.query(sql, values)) as unknown[];
  }

  async write(sql: string, values: unknown[]): Promise<WriteResult> {
    const result = await this.runner.query(sql, values, true);
    return { affected: result.affected ?? 0, raw: result.raw };
  }
}
