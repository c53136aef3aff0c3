import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, uniqueDatabaseName } from './test-database';

/**
 * The data one spec file builds before its tests: a temporary folder, and databases on the
 * MySQL/MariaDB server of DB_HOST, all removed after the file. `Scratch.register` adds the hooks.
 */
export abstract class Scratch {
  dir!: string;
  private readonly databases: string[] = [];

  protected constructor(private readonly prefix: string) {}

  /** Registers the hooks of the calling describe: the folder and `fill()` first, removal last. */
  protected static register<T extends Scratch>(scratch: T): T {
    beforeAll(async () => {
      scratch.dir = mkdtempSync(join(tmpdir(), scratch.prefix));
      await scratch.fill();
    });
    afterAll(() => scratch.remove());
    return scratch;
  }

  /** A new empty database on the server, dropped after the spec file. */
  readonly newServerDatabase = async (purpose: string): Promise<string> => {
    const name = uniqueDatabaseName(purpose);
    this.databases.push(name);
    await createDatabase(name);
    return name;
  };

  protected abstract fill(): Promise<void>;

  private async remove(): Promise<void> {
    for (const name of this.databases) {
      await dropDatabase(name);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
