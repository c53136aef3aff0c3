import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * SELECTs written by TypeORM's query builder once per shape, then run with each call's parameters.
 *
 * The builder writes a statement afresh from the entities' metadata on every getRawMany(), although
 * a repository's statements come in a few fixed shapes (one article by id or by slug, anonymous or
 * signed in; a list with a given set of filters) and only their parameters change: in profiles that
 * was 5–10% of the CPU of a list, one article or a favorite. Here the builder runs on the first call
 * of a shape, its SQL (with `:name` placeholders; `build` may also give SQL it completed itself) is
 * kept, and each call binds its own parameters with the driver's own escaping, as getRawMany() would.
 *
 * A shape's key must name everything that changes the SQL; the parameters must name every placeholder
 * in it (the builder's own values are not kept: they belong to the first call). The statements run on
 * a read query runner (`slave`), as the builder's do, so read routing to replicas is unchanged.
 */
export class StatementCache {
  private readonly statements = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(
    shape: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw-column queries over whichever tables drive them
    build: () => SelectQueryBuilder<any> | string,
    parameters: ObjectLiteral,
  ): Promise<T[]> {
    let sql = this.statements.get(shape);
    if (sql === undefined) {
      const built = build();
      if (typeof built === 'string') {
        sql = built;
      } else {
        // The builder's own values belong to this first call: each of its parameters must come with every call.
        const missing = Object.keys(built.getParameters()).filter((name) => !(name in parameters));
        if (missing.length > 0) {
          throw new Error(`statement "${shape}": parameters ${missing.join(', ')} are not given with the call`);
        }
        sql = built.getQuery();
      }
      this.statements.set(shape, sql);
    }
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return (await runner.query(query, values)) as T[];
    } finally {
      await runner.release();
    }
  }
}
