import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { create, Parser, ReadEntry } from 'tar';
import { ArchiveError, BackupError, oneLine } from './errors';
import { Manifest, MANIFEST_ENTRY, parseManifest } from './manifest';

/** Backups hold password hashes: only their owner reads them. */
const PRIVATE_FILE = 0o600;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Writes `entries`, files in `dir`, as a gzipped tar at `out`: first to `out.partial`, renamed when
 * complete, so an interrupted backup never leaves a file that looks whole.
 */
export async function writeArchive(out: string, dir: string, entries: string[]): Promise<void> {
  const partial = `${out}.partial`;
  try {
    await create({ gzip: true, file: partial, cwd: dir, portable: true, mode: PRIVATE_FILE }, entries);
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Reads the archive's entries in order, streaming: `handle` gets each entry's name and content and
 * returns a promise when it consumes it (an entry it ignores is skipped). Resolves with the entry
 * names once the whole archive has been read and every handler is done. A file that is not gzip, or
 * whose gzip or tar stream breaks, rejects with `FILE is damaged or truncated: …`; a handler's own
 * error rejects as it is. The streams handed out are destroyed on the first error.
 */
export async function readArchive(
  file: string,
  handle: (name: string, content: Readable) => Promise<void> | undefined,
): Promise<string[]> {
  await checkGzip(file);
  return new Promise<string[]>((resolve, reject) => {
    const input = createReadStream(file);
    const parser = new Parser({ strict: true });
    const names: string[] = [];
    const open = new Set<PassThrough>();
    const jobs: Promise<void>[] = [];
    let settled = false;
    const fail = (error: unknown, damaged: boolean) => {
      if (settled) {
        return;
      }
      settled = true;
      const failure = damaged ? new ArchiveError(`${file} is damaged or truncated: ${oneLine(error)}`) : error;
      input.destroy();
      const reason = failure instanceof Error ? failure : new Error(String(failure));
      open.forEach((stream) => stream.destroy(reason));
      reject(reason);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (names.includes(entry.path)) {
        fail(new ArchiveError(`${file} has two entries named ${entry.path}`), false);
      }
      names.push(entry.path);
      const content = new PassThrough();
      let job: Promise<void> | undefined;
      try {
        job = settled ? undefined : handle(entry.path, content);
      } catch (error) {
        fail(error, false);
      }
      if (!job) {
        entry.resume();
        return;
      }
      open.add(content);
      entry.pipe(content);
      jobs.push(
        job.then(
          () => void open.delete(content),
          (error: unknown) => fail(error, false),
        ),
      );
    });
    parser.on('error', (error: unknown) => fail(error, true));
    input.on('error', (error) => fail(new ArchiveError(`cannot read ${file}: ${error.message}`), false));
    parser.on('end', () => {
      void Promise.all(jobs).then(() => {
        if (!settled) {
          settled = true;
          resolve(names);
        }
      });
    });
    input.pipe(parser);
  });
}

/** Ends the read once the manifest is in hand. */
const STOP = new Error('manifest read');

/** The archive's manifest, read without reading the rest of the archive. */
export async function readManifest(file: string): Promise<Manifest> {
  let text: string | undefined;
  try {
    await readArchive(file, (name, content) =>
      name === MANIFEST_ENTRY
        ? readText(content, MAX_MANIFEST_BYTES).then((read) => {
            text = read;
            throw STOP;
          })
        : undefined,
    );
  } catch (error) {
    if (error !== STOP) {
      throw error;
    }
  }
  if (text === undefined) {
    throw new BackupError(`${file} has no ${MANIFEST_ENTRY}: it is not a db:backup archive`);
  }
  try {
    return parseManifest(text);
  } catch (error) {
    throw new BackupError(`${file}: ${oneLine(error)}`);
  }
}

/** A stream's whole content as UTF-8 text, refused past `limit` bytes. */
export async function readText(content: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new BackupError(`an entry is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A gzip file starts with 1f 8b: anything else is not a backup at all. */
async function checkGzip(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'a directory',
    };
    throw new ArchiveError(`cannot read ${file}: ${reasons[code] ?? oneLine(error)}`);
  }
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0).catch((error: unknown) => {
      throw new ArchiveError(`cannot read ${file}: ${oneLine(error)}`);
    });
    if (bytesRead < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b) {
      throw new ArchiveError(`${file} is not a .tar.gz backup (no gzip header)`);
    }
  } finally {
    await handle.close();
  }
}
