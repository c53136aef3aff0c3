import { StringDecoder } from 'node:string_decoder';
import { Transform, Writable } from 'node:stream';
import { BackupContents, fitTable } from './contents';
import { TableHasher } from './digest';
import { BackupError } from './errors';
import { MigrationRow } from './migration-check';
import { DumpValue, readTuples, unquoteIdentifier } from './mysql-literals';
import { canonicalValue, DataTable } from './tables';

const CREATE_TABLE = /^CREATE TABLE (`(?:[^`]|``)+`) \($/;
const COLUMN_LINE = /^\s+(`(?:[^`]|``)+`)\s/;
const INSERT = /^INSERT INTO (`(?:[^`]|``)+`)\s*(?:\(([^)]*)\)\s*)?VALUES\s*/;
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
 * What a MySQL/MariaDB dump holds, from its text: the data tables it creates, each table's rows and
 * digest over its INSERT statements, the rows of the `migrations` table. In mode `backup` the tables
 * are the code's, limited to the columns the dump has; in mode `verify` a manifest's, exactly (see
 * fitTable).
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
        throw new BackupError(`dump line ${this.lineNumber}: ${error.message}`);
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
    if (this.creating) {
      const column = COLUMN_LINE.exec(text);
      if (column) {
        this.creating.columns.push(unquoteIdentifier(column[1]));
      } else if (text.startsWith(')')) {
        this.tableCreated(this.creating.name, this.creating.columns);
        this.creating = undefined;
      }
      return;
    }
    const create = CREATE_TABLE.exec(text);
    if (create) {
      this.creating = { name: unquoteIdentifier(create[1]), columns: [] };
      return;
    }
    const insert = INSERT.exec(text);
    if (insert) {
      const table = unquoteIdentifier(insert[1]);
      const columns = insert[2] ? (insert[2].match(IDENTIFIER) ?? []).map(unquoteIdentifier) : this.created.get(table);
      if (!columns) {
        throw new BackupError(`INSERT INTO ${table} without a column list before its CREATE TABLE`);
      }
      this.inserting = { table, columns, onRow: this.rowReader(table, columns) };
      if (readTuples(text, insert[0].length, this.inserting.onRow) === 'end') {
        this.inserting = undefined;
      }
      return;
    }
    if (text.startsWith(DUMP_COMPLETED)) {
      this.completed = true;
    }
  }

  private tableCreated(name: string, columns: string[]): void {
    this.created.set(name, columns);
    const wanted = this.wanted.get(name);
    if (!wanted) {
      return;
    }
    const table = fitTable(wanted, columns, this.mode);
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

/** Bytes in, whole UTF-8 lines out (a multi-byte character split across chunks is kept whole). */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + this.decoder.write(chunk)).split('\n');
    this.pending = lines.pop() ?? '';
    lines.forEach((line) => this.onLine(line));
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0) {
      this.onLine(rest);
    }
  }
}
