import { Digests } from './digest';
import { Dialect } from './manifest';

/** `conduit-mariadb-20261203T154500Z.tar.gz`: the dialect and the UTC time, to the second. */
export const backupFileName = (dialect: Dialect, at: Date): string =>
  `conduit-${dialect}-${at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '')}.tar.gz`;

/** `12,345`: counts in every summary line. */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

/** `2.4 MB`, `812 kB`, `96 B` (decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) {
    return `${(bytes / 1e6).toFixed(1)} MB`;
  }
  return bytes >= 1e3 ? `${Math.round(bytes / 1e3)} kB` : `${bytes} B`;
}

/** `12,345 rows (users 1,000, follows 3,000, …)`. */
export function formatRows(digests: Digests): string {
  const tables = Object.entries(digests);
  const total = tables.reduce((sum, [, digest]) => sum + digest.rows, 0);
  return `${formatCount(total)} rows (${tables.map(([name, digest]) => `${name} ${formatCount(digest.rows)}`).join(', ')})`;
}

export const formatSeconds = (seconds: number): string => `${seconds.toFixed(1)} s`;
