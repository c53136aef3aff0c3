import { Transform, Writable } from 'node:stream';
import { BackupContents, columnNames, fitTable, sameColumns } from './contents';
import { TableHasher } from './digest';
import { checkCreateLine, checkStatement, DumpStatementError } from './dump-statements';
import { BackupError } from './errors';
import { LineSplitter } from './line-splitter';
import { MigrationRow } from './migration-check';
import { DumpValue, readTuples, unquoteIdentifier } from './mysql-literals';
import { canonicalValue, DataTable } from './tables';

const CREATE_TABLE = /^CREATE TABLE (`(?:[^`]|``)+`) \($/;
const COLUMN_LINE = /^\s+(`(?:[^`]|``)+`)\s/;
const INSERT = /^INSERT INTO (`(?:[^`]|``)+`)\s*(?:\(((?:`(?:[^`]|``)+`)(?:,\s*`(?:[^`]|``)+`)*)\)\s*)?VALUES\s*/;
const IDENTIFIER = /`(?:[^`]|``)+`/g;
const DUMP_COMPLETED = '-- Dump completed';

interface TableState {
  table: DataTable;
  hasher: TableHasher;
  /** Integer primary keys are checked to come in ascending order (the digest's order). */
  checkOrder: boolean;
  lastKey?: number[];
}

interface Insert {
  table: string;
  columns: string[];
  onRow: (values: DumpValue[]) => void;
}

/**
 * What a MySQL/MariaDB dump holds, from its text: every table it creates with its columns, each data
 * table's rows and digest over its INSERT statements, the rows of the `migrations` table. In mode
 * `backup` the data tables are the code's, limited to the columns the dump has (see fitTable). In
 * mode `verify` (a restore, before the client runs the dump) they are a manifest's, digested only
 * where the dump has exactly their columns (schemaProblems tells the rest), and every line must be
 * one mysqldump writes (dump-statements.ts): a table created once, never dropped after it.
 *
 * Reads a dump line by line (mysqldump writes each statement, mariadb-dump each row, on its own
 * line) without holding more than one line: feed it with `line()` or through `tap()`/`sink()`, then
 * call `finish()`.
 */
export class DumpReader {
  private readonly wanted: Map<string, DataTable>;
  private readonly found = new Map<string, TableState>();
  private readonly created = new Map<string, string[]>();
  private readonly migrations: MigrationRow[] = [];
  private creating?: { name: string; columns: string[] };
  private inserting?: Insert;
  private lineNumber = 0;
  private completed = false;

  constructor(
    tables: DataTable[],
    private readonly mode: 'backup' | 'verify',
  ) {
    this.wanted = new Map(tables.map((table) => [table.name, table]));
  }

  line(text: string): void {
    this.lineNumber++;
    try {
      this.read(text);
    } catch (error) {
      if (error instanceof BackupError) {
        error.message = `dump line ${this.lineNumber}: ${error.message}`;
      }
      throw error;
    }
  }

  finish(): BackupContents {
    if (this.creating || this.inserting) {
      throw new BackupError(`the dump ends inside a statement (line ${this.lineNumber})`);
    }
    if (!this.completed) {
      throw new BackupError(`the dump has no "${DUMP_COMPLETED}" line: it is incomplete`);
    }
    const states = [...this.wanted.keys()].flatMap((name) => this.found.get(name) ?? []);
    return {
      tables: states.map((state) => state.table),
      digests: Object.fromEntries(states.map((state) => [state.table.name, state.hasher.digest()])),
      migrations: this.migrations,
      created: new Map(this.created),
    };
  }

  /** A stream stage that reads the dump as it passes through. */
  tap(): Transform {
    const lines = new LineSplitter((line) => this.line(line));
    return new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        try {
          lines.push(chunk);
          callback(null, chunk);
        } catch (error) {
          callback(error as Error);
        }
      },
      flush(callback) {
        try {
          lines.end();
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
    });
  }

  /** A stream end that reads the dump. */
  sink(): Writable {
    const lines = new LineSplitter((line) => this.line(line));
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        try {
          lines.push(chunk);
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
      final(callback) {
        try {
          lines.end();
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
    });
  }

  private read(text: string): void {
    if (this.inserting) {
      if (readTuples(text, 0, this.inserting.onRow) === 'end') {
        this.inserting = undefined;
      }
      return;
    }
    const verify = this.mode === 'verify';
    if (this.creating) {
      const last = text.startsWith(')');
      if (verify) {
        checkCreateLine(text, last);
      }
      const column = COLUMN_LINE.exec(text);
      if (column) {
        this.creating.columns.push(unquoteIdentifier(column[1]));
      } else if (last) {
        this.tableCreated(this.creating.name, this.creating.columns);
        this.creating = undefined;
      }
      return;
    }
    const create = CREATE_TABLE.exec(text);
    if (create) {
      const name = unquoteIdentifier(create[1]);
      if (verify && this.created.has(name)) {
        throw new DumpStatementError(`CREATE TABLE ${name} a second time`);
      }
      this.creating = { name, columns: [] };
      return;
    }
    const insert = INSERT.exec(text);
    if (insert) {
      this.insertStarts(text, insert);
    } else if (text.startsWith(DUMP_COMPLETED)) {
      this.completed = true;
    } else if (verify) {
      const { drops } = checkStatement(text);
      if (drops !== undefined && this.created.has(drops)) {
        throw new DumpStatementError(`DROP TABLE ${drops} after its CREATE TABLE`);
      }
    }
  }

  private insertStarts(text: string, insert: RegExpExecArray): void {
    const table = unquoteIdentifier(insert[1]);
    const created = this.created.get(table);
    const columns = insert[2] ? (insert[2].match(IDENTIFIER) ?? []).map(unquoteIdentifier) : created;
    if (!columns) {
      throw new BackupError(`INSERT INTO ${table} without a column list before its CREATE TABLE`);
    }
    if (this.mode === 'verify' && !(created && sameColumns(created, columns))) {
      throw new DumpStatementError(`INSERT INTO ${table} does not name the columns of its CREATE TABLE`);
    }
    this.inserting = { table, columns, onRow: this.rowReader(table, columns) };
    if (readTuples(text, insert[0].length, this.inserting.onRow) === 'end') {
      this.inserting = undefined;
    }
  }

  private tableCreated(name: string, columns: string[]): void {
    this.created.set(name, columns);
    const wanted = this.wanted.get(name);
    if (!wanted) {
      return;
    }
    if (this.mode === 'verify' && !sameColumns(columnNames(wanted), columns)) {
      return;
    }
    const table = this.mode === 'verify' ? wanted : fitTable(wanted, columns);
    const checkOrder = table.primaryKey.every(
      (key) => table.columns.find((column) => column.name === key)?.kind === 'integer',
    );
    this.found.set(name, { table, hasher: new TableHasher(table), checkOrder });
  }

  private rowReader(name: string, columns: string[]): (values: DumpValue[]) => void {
    const width = columns.length;
    const checkWidth = (values: DumpValue[]) => {
      if (values.length !== width) {
        throw new BackupError(`a row of ${name} has ${values.length} values for ${width} columns`);
      }
    };
    if (name === 'migrations') {
      const [id, timestamp, migration] = ['id', 'timestamp', 'name'].map((column) => columns.indexOf(column));
      return (values) => {
        checkWidth(values);
        this.migrations.push({
          id: Number(values[id]),
          timestamp: Number(values[timestamp]),
          name: String(values[migration]),
        });
      };
    }
    const state = this.found.get(name);
    if (!state) {
      return checkWidth;
    }
    const { table, hasher } = state;
    const positions = table.columns.map((column) => columns.indexOf(column.name));
    const missing = table.columns.filter((_column, index) => positions[index] < 0);
    if (missing.length > 0) {
      throw new BackupError(`INSERT INTO ${name} has no column ${missing.map((column) => column.name).join(', ')}`);
    }
    const keyPositions = table.primaryKey.map((key) => columns.indexOf(key));
    return (values) => {
      checkWidth(values);
      if (state.checkOrder) {
        const key = keyPositions.map((position) => Number(values[position]));
        if (state.lastKey && compareKeys(key, state.lastKey) <= 0) {
          throw new BackupError(`the rows of ${name} are not in primary-key order (${key.join(', ')})`);
        }
        state.lastKey = key;
      }
      hasher.add(
        Object.fromEntries(
          table.columns.map((column, index) => [column.name, canonicalValue(column.kind, values[positions[index]])]),
        ),
      );
    };
  }
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return 0;
}
