import { resolve } from 'node:path';
import { EnvironmentVariables, EnvValidationError, parseEnv } from '../../config/env.validation';
import { IN_MEMORY_SQLITE } from '../data-source-options';

/** A database named on the command line: `sqlite:PATH`, `mysql://user:pass@host:port/db` or `mariadb://…`. */
export type DatabaseLocation =
  | { type: 'sqlite'; path: string }
  | {
      type: 'mysql' | 'mariadb';
      host: string;
      port: number;
      /** Unset: the server's default, DB_USER's (root). */
      user?: string;
      password?: string;
      database: string;
    };

/** A URL that names no database this server can use; the message is one line for the operator. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

const FORMS = 'sqlite:PATH, mysql://USER:PASSWORD@HOST:PORT/DATABASE or mariadb://…';

/**
 * Reads a database URL and checks it as the server checks its own DB_* variables (parseEnv), so a
 * name the server would refuse is refused here. A relative SQLite path is taken from the current
 * directory; user and password may be URL-encoded (`p%40ss` for `p@ss`).
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  let location: DatabaseLocation;
  if (scheme === 'sqlite') {
    location = parseSqlite(url.slice('sqlite:'.length));
  } else if (scheme === 'mysql' || scheme === 'mariadb') {
    location = parseServer(scheme, url);
  } else {
    throw new DatabaseUrlError(
      scheme === undefined
        ? `not a database URL: '${url}': use ${FORMS}`
        : `unknown database URL scheme '${scheme}:': use ${FORMS}`,
    );
  }
  try {
    parseEnv(locationEnv(location));
  } catch (error) {
    if (error instanceof EnvValidationError) {
      throw new DatabaseUrlError(error.problems.map(inUrlTerms).join('; '));
    }
    throw error;
  }
  return location;
}

const URL_PARTS: Record<string, string> = {
  DB_PATH: 'the file path',
  DB_HOST: 'the host',
  DB_PORT: 'the port',
  DB_USER: 'the user',
  DB_PASSWORD: 'the password',
  DB_NAME: 'the database name',
};

/** parseEnv's message about a variable, about the part of the URL it came from. */
const inUrlTerms = (problem: string): string => problem.replace(/\bDB_[A-Z]+\b/g, (name) => URL_PARTS[name] ?? name);

function parseSqlite(rest: string): DatabaseLocation {
  // sqlite:///srv/conduit.sqlite and sqlite://data/conduit.sqlite as well as sqlite:data/conduit.sqlite
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') {
    throw new DatabaseUrlError('sqlite: needs a file path, such as sqlite:data/conduit.sqlite');
  }
  if (path === IN_MEMORY_SQLITE) {
    throw new DatabaseUrlError('sqlite::memory: is gone when the copy ends: name a file');
  }
  return { type: 'sqlite', path: resolve(path) };
}

function parseServer(type: 'mysql' | 'mariadb', url: string): DatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(`not a valid URL: '${redact(url)}': use ${type}://USER:PASSWORD@HOST:PORT/DATABASE`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new DatabaseUrlError(
      `${type}: URLs take no ?parameters or #fragment here: ${type}://USER:PASSWORD@HOST:PORT/DATABASE`,
    );
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') {
    throw new DatabaseUrlError(`${type}: URL needs a host: ${type}://USER:PASSWORD@HOST:PORT/DATABASE`);
  }
  const database = decode(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new DatabaseUrlError(
      `${type}: URL needs one database name after the host: ${type}://USER:PASSWORD@HOST:PORT/DATABASE`,
    );
  }
  return {
    type,
    host,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    ...(parsed.username === '' ? {} : { user: decode(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decode(parsed.password) }),
    database,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DatabaseUrlError(`badly URL-encoded part: '${text}'`);
  }
}

/** The URL with its password replaced by `***`, for messages and logs. */
function redact(url: string): string {
  return url.replace(/^([^:]+:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/** The DB_* variables that make the server open this database (what parseEnv and buildDataSourceOptions read). */
export function locationEnv(location: DatabaseLocation): Record<string, string | undefined> {
  if (location.type === 'sqlite') {
    return { DB_TYPE: 'sqlite', DB_PATH: location.path };
  }
  return {
    DB_TYPE: location.type,
    DB_HOST: location.host,
    DB_PORT: String(location.port),
    DB_USER: location.user,
    DB_PASSWORD: location.password,
    DB_NAME: location.database,
  };
}

/** The app's validated environment for this database (defaults for everything else). */
export function locationEnvironment(location: DatabaseLocation): EnvironmentVariables {
  return parseEnv({ ...locationEnv(location), DB_MIGRATIONS_RUN: 'false' });
}

/** The location as a URL without its password: `sqlite:/srv/conduit.sqlite`, `mariadb://root@db:3306/conduit`. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.type === 'sqlite') {
    return `sqlite:${location.path}`;
  }
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  const user = location.user === undefined ? '' : `${encodeURIComponent(location.user)}@`;
  return `${location.type}://${user}${host}:${location.port}/${location.database}`;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** Whether both name the same database (the same file, or the same database on the same server). */
export function sameDatabase(a: DatabaseLocation, b: DatabaseLocation): boolean {
  if (a.type === 'sqlite' || b.type === 'sqlite') {
    return a.type === 'sqlite' && b.type === 'sqlite' && a.path === b.path;
  }
  const host = (name: string) => (LOOPBACK.has(name.toLowerCase()) ? 'loopback' : name.toLowerCase());
  return host(a.host) === host(b.host) && a.port === b.port && a.database === b.database;
}
