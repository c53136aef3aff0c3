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

/** What a URL leaves to its surroundings (the command line reads them from its environment). */
export interface DatabaseUrlDefaults {
  /** The directory a relative SQLite path is taken from; default the current directory. */
  cwd?: string;
  /** The password of a MySQL/MariaDB URL that names a user but no password (db:copy passes MYSQL_PWD). */
  password?: string;
}

/**
 * Reads a database URL and checks it as the server checks its own DB_* variables (parseEnv), so a
 * name the server would refuse is refused here. A relative SQLite path is taken from `defaults.cwd`;
 * user and password may be URL-encoded (`p%40ss` for `p@ss`). No message shows the password.
 */
export function parseDatabaseUrl(url: string, defaults: DatabaseUrlDefaults = {}): DatabaseLocation {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  let location: DatabaseLocation;
  if (scheme === 'sqlite') {
    location = parseSqlite(url.slice('sqlite:'.length), defaults.cwd ?? process.cwd());
  } else if (scheme === 'mysql' || scheme === 'mariadb') {
    location = parseServer(scheme, url, defaults.password);
  } else {
    throw new DatabaseUrlError(
      scheme === undefined
        ? `not a database URL: '${redactPassword(url)}': use ${FORMS}`
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

function parseSqlite(rest: string, cwd: string): DatabaseLocation {
  // sqlite:///srv/conduit.sqlite and sqlite://data/conduit.sqlite as well as sqlite:data/conduit.sqlite
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') {
    throw new DatabaseUrlError('sqlite: needs a file path, such as sqlite:data/conduit.sqlite');
  }
  if (path === IN_MEMORY_SQLITE) {
    throw new DatabaseUrlError('sqlite::memory: is gone when the copy ends: name a file');
  }
  return { type: 'sqlite', path: resolve(cwd, path) };
}

function parseServer(type: 'mysql' | 'mariadb', url: string, defaultPassword: string | undefined): DatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(
      `not a valid URL: '${redactPassword(url)}': use ${type}://USER:PASSWORD@HOST:PORT/DATABASE`,
    );
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
  const database = decode(parsed.pathname.replace(/^\//, ''), 'the database name');
  if (database === '' || database.includes('/')) {
    throw new DatabaseUrlError(
      `${type}: URL needs one database name after the host: ${type}://USER:PASSWORD@HOST:PORT/DATABASE`,
    );
  }
  const user = parsed.username === '' ? undefined : decode(parsed.username, 'the user');
  // `user@host` names no password: as the mysql client does, take MYSQL_PWD's (`user:@host` is an empty one).
  const password =
    parsed.password !== ''
      ? decode(parsed.password, 'the password')
      : user !== undefined && !namesPassword(url)
        ? defaultPassword
        : undefined;
  return {
    type,
    host,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    ...(user === undefined ? {} : { user }),
    ...(password === undefined || password === '' ? {} : { password }),
    database,
  };
}

/** Whether the URL's user part has a `:` (a password, maybe empty). */
function namesPassword(url: string): boolean {
  const authority = url.slice(url.indexOf('//') + 2).split(/[/?#]/)[0];
  const at = authority.lastIndexOf('@');
  return at >= 0 && authority.slice(0, at).includes(':');
}

/** A URL-decoded part; the message names the part and shows it, unless it is the password. */
function decode(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DatabaseUrlError(
      part === 'the password'
        ? 'the password is badly URL-encoded: write % as %25 (or set MYSQL_PWD and leave it out of the URL)'
        : `${part} is badly URL-encoded: '${text}'`,
    );
  }
}

/**
 * The text with the password of a URL in it replaced by `***` (`mysql://app:***@db/conduit`), for
 * messages and logs: whatever stands between the user's `:` and the last `@`, even when the URL is
 * not valid (an unencoded `@` or `/` in the password), with or without a scheme.
 */
export function redactPassword(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) {
    return text;
  }
  const scheme = /[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text);
  const colon = text.indexOf(':', scheme ? scheme.index + scheme[0].length : 0);
  return colon < 0 || colon > at ? text : `${text.slice(0, colon + 1)}***${text.slice(at)}`;
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
