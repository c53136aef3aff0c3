/** The two SQL dialects the server speaks: MySQL/MariaDB (mysql2) and SQLite (better-sqlite3). */
export type DialectName = 'mysql' | 'sqlite';

/** The pieces of SQL that differ between the dialects; a statement's text is built from them once. */
export interface SqlFragments {
  readonly dialect: DialectName;
  /** A JSON array of `expression` over a group's rows (NULL over no rows). */
  jsonArrayAgg(expression: string): string;
  /** `table alias`, read through `index` and no other. */
  tableWithIndex(table: string, alias: string, index: string): string;
  /** An INSERT's tail that adds 1 to `column` instead when a row with the same `key` exists. */
  upsertIncrement(key: string, column: string): string;
  /** A SELECT's tail that keeps the rows it read locked until the transaction ends. */
  readonly forUpdate: string;
}

/** A parameter's value, as the drivers bind it; an array expands a `:...name` placeholder. */
export type SqlValue = string | number | Date | null;
export type StatementParameters = Record<string, SqlValue | readonly SqlValue[]>;

/**
 * One SQL statement, defined once at module level: its name (a heading in the generated
 * `sql/*.sql` files), its text per dialect with `:name` placeholders, the parameters it takes (`P`,
 * so a call without one of them does not compile) and the row it answers (`R`).
 */
export class Statement<P extends StatementParameters, R = never> {
  /** The row type, for the compiler only. */
  declare readonly row: R;
  private readonly texts = new Map<DialectName, string>();

  constructor(
    readonly name: string,
    private readonly build: (sql: SqlFragments) => string,
  ) {}

  /** The statement's SQL in a dialect, built on first use and kept. */
  sql(fragments: SqlFragments): string {
    let text = this.texts.get(fragments.dialect);
    if (text === undefined) {
      text = normalise(this.build(fragments));
      this.texts.set(fragments.dialect, text);
    }
    return text;
  }

  /** The placeholders the SQL names, without the `:` (and `...` of an expanded array). */
  placeholders(fragments: SqlFragments): string[] {
    return [...new Set([...this.sql(fragments).matchAll(/:(?:\.\.\.)?([A-Za-z0-9_]+)/g)].map((match) => match[1]))];
  }

  /** Makes the compiler check that `P` names every parameter: a typo'd key in a call fails to compile. */
  declare readonly parameters: P;
}

/** A statement that answers rows of type `R` and takes the parameters `P`. */
export function statement<P extends StatementParameters, R = never>(
  name: string,
  build: (sql: SqlFragments) => string,
): Statement<P, R> {
  return new Statement<P, R>(name, build);
}

/** One line per clause as written, without the indentation of the template it came from. */
function normalise(sql: string): string {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
