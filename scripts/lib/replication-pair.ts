// A private MariaDB primary and a replica of it (GTID replication), for tests of read routing.
// Both come from the installed binaries with their own data dirs, ports and temp dirs (see
// ../shared/MACHINE.md); the machine's shared server is never touched. Stopped by their own PIDs.
import path from 'node:path';
import { Mariadb } from './mariadb';
import { PrivateMariadb } from './private-mariadb';

const REPLICATION_USER = 'replicator';
const REPLICATION_PASSWORD = 'replicator-test-only';
/** The app's replica user (DB_READ_USER): SELECT only, as the README advises. */
export const READER = { user: 'conduit_reader', password: 'reader-test-only' };

/** A type, not an interface: it is also a Record<string, number>. */
export type UserStatistics = { selects: number; writes: number; other: number };

export class ReplicationPair {
  readonly primary: PrivateMariadb;
  readonly replica: PrivateMariadb;

  /** @param dir a fresh directory for both servers' files */
  constructor(dir: string) {
    this.primary = new PrivateMariadb(path.join(dir, 'primary'), {
      options: ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW'],
    });
    this.replica = new PrivateMariadb(path.join(dir, 'replica'), {
      // userstat: per-user statement counts, to show what the app's reader user did (the replication
      // thread's applied changes count in Com_insert etc. too, so those cannot tell).
      options: ['--server-id=2', '--relay-log=replica-relay', '--read-only=1', '--userstat=1'],
    });
  }

  async start(): Promise<void> {
    await Promise.all([this.primary.start(), this.replica.start()]);
    const primary = await this.primary.connect();
    try {
      await primary.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [REPLICATION_USER, REPLICATION_PASSWORD]);
      await primary.query(`GRANT REPLICATION SLAVE ON *.* TO ?@'%'`, [REPLICATION_USER]);
      // Created before replication starts, so the replica gets the user from the binlog too.
      await primary.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [READER.user, READER.password]);
      await primary.query(`GRANT SELECT ON *.* TO ?@'%'`, [READER.user]);
    } finally {
      await primary.end();
    }
    await this.startReplication();
  }

  /** (Re)connects the replica to the primary from its own GTID position. */
  async startReplication(): Promise<void> {
    const replica = await this.replica.connect();
    try {
      await replica.query('STOP SLAVE');
      await replica.query(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${Number(this.primary.port)}, MASTER_USER=?, MASTER_PASSWORD=?, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
        [REPLICATION_USER, REPLICATION_PASSWORD],
      );
      await replica.query('START SLAVE');
    } finally {
      await replica.end();
    }
  }

  /** Waits until the replica has applied everything the primary has written so far. */
  async waitForReplica(timeoutSeconds = 30): Promise<void> {
    const [{ position }] = await this.primary.query<{ position: string }>('SELECT @@gtid_binlog_pos AS position');
    const [{ result }] = await this.replica.query<{ result: number | null }>(
      'SELECT MASTER_GTID_WAIT(?, ?) AS result',
      [position, timeoutSeconds],
    );
    if (Number(result) !== 0) {
      throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s`);
    }
  }

  /** Stops (`stop`) or resumes (`start`) applying changes on the replica: replication lag on demand. */
  async sqlThread(action: 'stop' | 'start'): Promise<void> {
    await this.replica.query(action === 'stop' ? 'STOP SLAVE SQL_THREAD' : 'START SLAVE SQL_THREAD');
  }

  /** A server's statement counters (SHOW GLOBAL STATUS LIKE 'Com_%'), e.g. `{ select: 10, insert: 2 }`. */
  static async counters(server: Mariadb): Promise<Record<string, number>> {
    const rows = await server.query<{ Variable_name: string; Value: string }>(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_select', 'Com_insert', 'Com_update', 'Com_delete')",
    );
    return Object.fromEntries(rows.map((row) => [row.Variable_name.slice(4).toLowerCase(), Number(row.Value)]));
  }

  /** What `user` did on `server` (INFORMATION_SCHEMA.USER_STATISTICS; needs --userstat). */
  static async userStatistics(server: Mariadb, user: string): Promise<UserStatistics> {
    const [row = { selects: 0, writes: 0, other: 0 }] = await server.query<UserStatistics>(
      'SELECT SELECT_COMMANDS AS selects, UPDATE_COMMANDS AS writes, OTHER_COMMANDS AS other FROM INFORMATION_SCHEMA.USER_STATISTICS WHERE USER = ?',
      [user],
    );
    return { selects: Number(row.selects), writes: Number(row.writes), other: Number(row.other) };
  }

  async stop(): Promise<void> {
    await Promise.all([this.replica.stop(), this.primary.stop()]);
  }
}
