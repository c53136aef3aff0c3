import { BackupError } from './errors';
import { unquoteIdentifier } from './mysql-literals';

/**
 * The statements a restore lets through to the mysql/mariadb client: only what mysqldump and
 * mariadb-dump write for this schema, one statement a line, unqualified table names. Anything else
 * in a dump.sql (`USE other;`, `DROP DATABASE`, `SET PASSWORD`, a client command such as `\!`) is
 * refused before the client runs a single line. CREATE TABLE and INSERT are read by DumpReader;
 * checkCreateLine checks the lines of a CREATE TABLE.
 */
export class DumpStatementError extends BackupError {}

const TABLE = '`(?:[^`]|``)+`';
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
// `SET @x = …`, `SET @@SESSION.x = …`, `SET x = …` (session variables), never SET PASSWORD, SET
// GLOBAL (but GTID_PURGED, which mysqldump writes on a GTID server), SET STATEMENT … FOR, SET ROLE.
const TARGET = `(?:@[A-Za-z0-9_$.]+|@@(?:SESSION\\.|LOCAL\\.)?${NAME}|@@GLOBAL\\.GTID_PURGED|(?!PASSWORD\\b)${NAME})`;
const VALUE = `(?:@@?[A-Za-z0-9_$.]+|'[^'\\\\]*'|-?\\d+|${NAME}|/\\*!\\d{5} '\\+'\\*/ '[^'\\\\]*')`;
const ASSIGNMENT = `\\s*${TARGET}\\s*:?=\\s*${VALUE}\\s*`;
const SET = new RegExp(
  `^SET\\s+(?:NAMES\\s+'?${NAME}'?(?:\\s+COLLATE\\s+'?${NAME}'?)?\\s*|${ASSIGNMENT}(?:,${ASSIGNMENT})*)$`,
  'i',
);
const KEYS = new RegExp(`^ALTER TABLE ${TABLE} (?:DISABLE|ENABLE) KEYS\\s*$`);

/** `/*!40101 SET … *\/;`, `/*M!100616 SET … *\/;`: MySQL runs the text inside, so it is checked too. */
const CONDITIONAL = /^\/\*M?!\d{5,6} (.*)\*\/;$/;
/** mariadb-dump's first line since 10.5.25/10.6.18/…: the client refuses its own commands after it. */
const SANDBOX = /^\/\*M!999999\\- enable the sandbox mode \*\/$/;
const COMMENT = /^--(?:\s.*)?$/;
const DROP_TABLE = new RegExp(`^DROP TABLE IF EXISTS (${TABLE});$`);
const LOCKS = new RegExp(`^(?:LOCK TABLES ${TABLE} WRITE|UNLOCK TABLES);$`);

const shown = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * A line outside CREATE TABLE and INSERT: nothing, or the table a `DROP TABLE IF EXISTS` drops.
 * Anything mysqldump does not write is a DumpStatementError.
 */
export function checkStatement(line: string): { drops?: string } {
  const text = line.trimEnd();
  if (text === '' || COMMENT.test(text) || SANDBOX.test(text) || LOCKS.test(text)) {
    return {};
  }
  const drop = DROP_TABLE.exec(text);
  if (drop) {
    return { drops: unquoteIdentifier(drop[1]) };
  }
  // A SET or ALTER TABLE … KEYS, plain or inside a conditional comment.
  const body = CONDITIONAL.exec(text)?.[1] ?? /^(.*);$/.exec(text)?.[1];
  if (body !== undefined && (SET.test(body) || KEYS.test(body))) {
    return {};
  }
  throw new DumpStatementError(`not a statement mysqldump writes: ${shown(text)}`);
}

/**
 * A line inside CREATE TABLE: outside its quoted names and strings no `;` (but the one ending the
 * last line), no `\` (a client command), no comment (which can hide where a string ends).
 */
export function checkCreateLine(line: string, last: boolean): void {
  const bare = unquoted(line.trimEnd());
  const ended = last && bare?.endsWith(';');
  if (bare === undefined || (last && !ended) || /[;\\#]|\/\*|\*\/|--/.test(ended ? bare.slice(0, -1) : bare)) {
    throw new DumpStatementError(`not a line of CREATE TABLE as mysqldump writes it: ${shown(line)}`);
  }
}

/** `line` with its quoted parts ('…', "…", `…`) removed; undefined when a quote does not close on it. */
function unquoted(line: string): string | undefined {
  let out = '';
  for (let at = 0; at < line.length; at++) {
    const quote = line[at];
    if (quote !== "'" && quote !== '"' && quote !== '`') {
      out += quote;
      continue;
    }
    for (at++; ; at++) {
      if (at >= line.length) {
        return undefined;
      }
      if (line[at] === '\\' && quote !== '`') {
        at++;
      } else if (line[at] === quote) {
        if (line[at + 1] !== quote) {
          break;
        }
        at++;
      }
    }
  }
  return out;
}
