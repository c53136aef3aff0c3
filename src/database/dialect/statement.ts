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

/** A statement's SQL with positional `?` placeholders, and the name of the parameter each one takes. */
export interface PositionalSql {
  text: string;
  names: string[];
}

/** A `:name` or `:...name` placeholder, as TypeORM binds them. */
const PLACEHOLDER = /:(\.\.\.)?([A-Za-z0-9_]+)/g;

/**
 * One SQL statement, defined once at module level: its name (a heading in the generated
 * `sql/*.sql` files), its text per dialect with `:name` placeholders, the parameters it takes (`P`,
 * so a call without one of them does not compile) and the row it answers (`R`).
 */
export class Statement<P extends StatementParameters, R = never> {
  /** The row type, for the compiler only. */
  declare readonly row: R;
  private readonly texts = new Map<DialectName, string>();
  private readonly positionals = new Map<DialectName, PositionalSql | undefined>();
  private readonly names = new Map<DialectName, string[]>();

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

  /**
   * The SQL with `?` for each placeholder and the parameters' names in that order, built once per
   * dialect; undefined for a statement that expands an array (`:...name`), whose text varies with
   * the array's length.
   */
  positional(fragments: SqlFragments): PositionalSql | undefined {
    if (!this.positionals.has(fragments.dialect)) {
      const named = this.sql(fragments);
      const names: string[] = [];
      const text = named.replace(PLACEHOLDER, (_match, spread: string | undefined, name: string) => {
        names.push(spread ? '' : name);
        return '?';
      });
      this.positionals.set(fragments.dialect, names.includes('') ? undefined : { text, names });
    }
    return this.positionals.get(fragments.dialect);
  }

  /** The placeholders the SQL names, without the `:` (and `...` of an expanded array), built once per dialect. */
  placeholders(fragments: SqlFragments): string[] {
    let names = this.names.get(fragments.dialect);
    if (names === undefined) {
      names = [...new Set([...this.sql(fragments).matchAll(PLACEHOLDER)].map((match) => match[2]))];
      this.names.set(fragments.dialect, names);
    }
    return names;
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
