import { DataSource } from 'typeorm';

/**
 * A raw SELECT that may be served by a read replica, like TypeORM's own reads. (`dataSource.query()`
 * always goes to the primary, as it may write.) Without replicas it runs where every query runs.
 */
export async function readQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return (await runner.query(sql, parameters)) as T;
  } finally {
    await runner.release();
  }
}
