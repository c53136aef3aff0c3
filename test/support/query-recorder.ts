import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RecordedQuery {
  sql: string;
  parameters: unknown[];
}

/** Records every SQL statement TypeORM sends (its logger sees each one) while `during` runs. */
export async function recordQueries(app: INestApplication, during: () => Promise<unknown>): Promise<RecordedQuery[]> {
  const { logger } = app.get(DataSource);
  const recorded: RecordedQuery[] = [];
  const spy = jest.spyOn(logger, 'logQuery').mockImplementation((sql: string, parameters?: unknown) => {
    recorded.push({ sql, parameters: Array.isArray(parameters) ? (parameters as unknown[]) : [] });
  });
  try {
    await during();
  } finally {
    spy.mockRestore();
  }
  return recorded;
}
