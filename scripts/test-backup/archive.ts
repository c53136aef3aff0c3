// A backup archive's manifest, read or edited, and the app's own digests of a database to compare
// it with.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { Digests, databaseDigests } from '../../src/database/backup/digest';
import type { Manifest } from '../../src/database/backup/manifest';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

/** The app's own digests of a database (the code db:restore checks with). */
export async function digestsOf(env: Record<string, string>): Promise<Digests> {
  const dataSource = new DataSource({ ...buildDataSourceOptions(parseEnv(env)), migrationsRun: false, logging: false });
  await dataSource.initialize();
  try {
    return await databaseDigests(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export async function readManifest(work: string, archive: string): Promise<Manifest> {
  const dir = mkdtempSync(path.join(work, 'manifest-'));
  await tar.x({ file: archive, cwd: dir, filter: (entry) => entry === 'manifest.json' });
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

async function listEntries(archive: string): Promise<string[]> {
  const names: string[] = [];
  await tar.t({ file: archive, onReadEntry: (entry) => names.push(entry.path) });
  return names;
}

/** The archive again as `<name>.tar.gz` with its manifest changed by `edit`, everything else as it was. */
export async function withManifest(
  work: string,
  archive: string,
  name: string,
  edit: (manifest: Manifest) => void,
): Promise<string> {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  await tar.x({ file: archive, cwd: dir });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  edit(manifest);
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const out = path.join(work, `${name}.tar.gz`);
  await tar.c({ file: out, gzip: true, cwd: dir }, await listEntries(archive));
  return out;
}
