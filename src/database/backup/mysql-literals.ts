import { BackupError } from './errors';

/** A value of a dump's row: NULL, or the literal's text (numbers as written, strings unescaped). */
export type DumpValue = string | null;

/** What a backslash escape in a MySQL string literal stands for; any other `\x` is `x`. */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  // MySQL keeps the backslash of \% and \_ (they are LIKE escapes); mysqldump never writes them.
  '%': '\\%',
  _: '\\_',
};

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const NULL = /NULL\b/iy;
const HEX_NUMBER = /0x([0-9a-fA-F]*)/y;
const HEX_STRING = /[xX]'([0-9a-fA-F]*)'/y;
const INTRODUCER = /_[A-Za-z0-9]+\s*/y;

export class DumpSyntaxError extends BackupError {}

/**
 * Reads the row tuples of an INSERT statement's VALUES list in `line` from `position`: `(…),(…)`,
 * each row handed to `onRow`. Returns `'end'` at the statement's `;`, which must end the line,
 * `'more'` when the line ends after a `,` (mariadb-dump writes one row per line, mysqldump all of
 * them on one). A row never spans lines: the dump escapes every newline inside a string as `\n`.
 */
export function readTuples(line: string, position: number, onRow: (values: DumpValue[]) => void): 'end' | 'more' {
  let at = skipSpaces(line, position);
  for (;;) {
    if (line[at] !== '(') {
      throw new DumpSyntaxError(`expected "(" at column ${at + 1}`);
    }
    const values: DumpValue[] = [];
    at++;
    for (;;) {
      const [value, next] = readValue(line, skipSpaces(line, at));
      values.push(value);
      at = skipSpaces(line, next);
      if (line[at] === ',') {
        at++;
        continue;
      }
      if (line[at] === ')') {
        at++;
        break;
      }
      throw new DumpSyntaxError(
        at >= line.length ? 'a row continues past the end of its line' : `expected "," or ")" at column ${at + 1}`,
      );
    }
    onRow(values);
    at = skipSpaces(line, at);
    if (line[at] === ';') {
      // The client would run whatever follows as a statement of its own: mysqldump writes nothing there.
      if (skipSpaces(line, at + 1) < line.length) {
        throw new DumpSyntaxError(`text after the statement's ";" at column ${at + 2}`);
      }
      return 'end';
    }
    if (line[at] !== ',') {
      throw new DumpSyntaxError(`expected "," or ";" after a row at column ${at + 1}`);
    }
    at = skipSpaces(line, at + 1);
    if (at >= line.length) {
      return 'more';
    }
  }
}

/** One literal at `at`: its value and the position after it. */
export function readValue(line: string, at: number): [DumpValue, number] {
  const char = line[at];
  if (char === "'") {
    return readString(line, at);
  }
  if (char === '_') {
    // A character set introducer: _binary '…', _utf8mb4 0x…
    INTRODUCER.lastIndex = at;
    if (INTRODUCER.test(line)) {
      return readValue(line, INTRODUCER.lastIndex);
    }
  }
  for (const hex of [HEX_NUMBER, HEX_STRING]) {
    hex.lastIndex = at;
    const match = hex.exec(line);
    if (match) {
      return [Buffer.from(match[1], 'hex').toString('utf8'), hex.lastIndex];
    }
  }
  NULL.lastIndex = at;
  if (NULL.test(line)) {
    return [null, NULL.lastIndex];
  }
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(line);
  if (number) {
    return [number[0], NUMBER.lastIndex];
  }
  throw new DumpSyntaxError(`unexpected ${JSON.stringify(line.slice(at, at + 12))} at column ${at + 1}`);
}

/** The next quote or backslash: each string's text is searched once, not to the end of the line. */
const STRING_STOP = /['\\]/g;

/** A quoted string from its opening `'`: backslash escapes and doubled quotes. */
function readString(line: string, open: number): [string, number] {
  const parts: string[] = [];
  let from = open + 1;
  for (;;) {
    STRING_STOP.lastIndex = from;
    const stop = STRING_STOP.exec(line);
    if (!stop || (stop[0] === '\\' && stop.index + 1 >= line.length)) {
      throw new DumpSyntaxError('a string continues past the end of its line');
    }
    const at = stop.index;
    parts.push(line.slice(from, at));
    if (stop[0] === '\\') {
      const escaped = line[at + 1];
      parts.push(ESCAPES[escaped] ?? escaped);
      from = at + 2;
    } else if (line[at + 1] === "'") {
      parts.push("'");
      from = at + 2;
    } else {
      return [parts.join(''), at + 1];
    }
  }
}

function skipSpaces(line: string, at: number): number {
  while (at < line.length && (line[at] === ' ' || line[at] === '\t' || line[at] === '\r')) {
    at++;
  }
  return at;
}

/** A backquoted identifier's name (`` `a``b` `` is a`b). */
export const unquoteIdentifier = (quoted: string): string => quoted.slice(1, -1).replaceAll('``', '`');
