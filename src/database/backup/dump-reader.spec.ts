import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DumpReader } from './dump-reader';

describe(DumpReader.name, () => {
  const table = {
    name: 'things',
    primaryKey: ['id'],
    columns: [
      { name: 'id', kind: 'integer' as const },
      { name: 'v', kind: 'text' as const },
    ],
  };
  const read = (lines: string[], mode: 'backup' | 'verify' = 'backup') => {
    const reader = new DumpReader([table], mode);
    lines.forEach((line) => reader.line(line));
    return reader.finish();
  };
  const CREATE = [
    'CREATE TABLE `things` (',
    '  `id` int(11) NOT NULL,',
    '  `v` text DEFAULT NULL,',
    '  PRIMARY KEY (`id`)',
    ') ENGINE=InnoDB;',
  ];

  it('should digest mysqldump (one line) and mariadb-dump (a row per line) alike, by column name', () => {
    const mysqldump = read([
      ...CREATE,
      "INSERT INTO `things` VALUES (1,'a\\nb'),(2,NULL);",
      '-- Dump completed on 2026-12-03',
    ]);
    const mariadb = read([
      ...CREATE,
      "INSERT INTO `things` (`v`, `id`) VALUES ('a\\nb',1),",
      '(NULL,2);',
      '-- Dump completed on 2026-12-03',
    ]);
    expect(mysqldump.digests.things.rows).toBe(2);
    expect(mariadb.digests).toEqual(mysqldump.digests);
  });

  it('should refuse rows out of primary-key order, a cut dump, a missing column', () => {
    expect(() => read([...CREATE, "INSERT INTO `things` VALUES (2,'a'),(1,'b');", '-- Dump completed'])).toThrow(
      /not in primary-key order/,
    );
    expect(() => read([...CREATE, "INSERT INTO `things` VALUES (1,'a'),"])).toThrow(/ends inside a statement/);
    expect(() => read([...CREATE, "INSERT INTO `things` VALUES (1,'a');"])).toThrow(/incomplete/);
    const narrow = ['CREATE TABLE `things` (', '  `id` int(11) NOT NULL,', ') ENGINE=InnoDB;'];
    // In checking mode a table whose columns differ is not digested: the restore names the difference.
    const checked = read([...narrow, '-- Dump completed'], 'verify');
    expect({ digests: checked.digests, created: checked.created }).toEqual({
      digests: {},
      created: new Map([['things', ['id']]]),
    });
    expect(read([...narrow, 'INSERT INTO `things` VALUES (1);', '-- Dump completed']).tables[0].columns).toEqual([
      { name: 'id', kind: 'integer' },
    ]);
  });
  it('should read a 4 MB one-line INSERT fed in 16 KB chunks, as the same rows one per line', async () => {
    const rows: string[] = [];
    for (let id = 1, size = 0; size < 4_000_000; id++) {
      // Mostly plain strings, some escapes: a reader that searched the rest of the line for each string's end would crawl.
      const value = id % 1000 === 0 ? String.raw`it''s \\ a \'row\' \n ${id}` : `plain row ${id} ${'x'.repeat(40)}`;
      rows.push(`(${id},'${value}')`);
      size += rows[rows.length - 1].length + 1;
    }
    const text = [...CREATE, `INSERT INTO \`things\` VALUES ${rows.join(',')};`, '-- Dump completed', ''].join('\n');
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(4_000_000);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 16 * 1024) {
      chunks.push(bytes.subarray(at, at + 16 * 1024));
    }
    const reader = new DumpReader([table], 'verify');
    await pipeline(Readable.from(chunks), reader.sink());
    const oneLine = reader.finish();
    const perLine = read([
      ...CREATE,
      `INSERT INTO \`things\` VALUES ${rows[0]},`,
      ...rows.slice(1, -1).map((row) => `${row},`),
      `${rows[rows.length - 1]};`,
      '-- Dump completed',
    ]);
    expect(oneLine.digests.things.rows).toBe(rows.length);
    expect(oneLine.digests).toEqual(perLine.digests);
  });

  describe('in checking mode, takes only the statements mysqldump and mariadb-dump write', () => {
    const check = (lines: string[]) => read([...lines, '-- Dump completed'], 'verify');

    it('should take their headers, table structure and data', () => {
      const header = [
        '/*M!999999\\- enable the sandbox mode */ ',
        '-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)',
        '--',
        '',
        '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
        '/*!40101 SET NAMES utf8mb4 */;',
        '/*!50503 SET NAMES utf8mb4 */;',
        "/*!40103 SET TIME_ZONE='+00:00' */;",
        '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;',
        "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
        '/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;',
        'SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;',
        'SET @@SESSION.SQL_LOG_BIN= 0;',
        "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5';",
        'DROP TABLE IF EXISTS `things`;',
        '/*!40101 SET @saved_cs_client     = @@character_set_client */;',
        '/*!40101 SET character_set_client = utf8mb4 */;',
        ...CREATE.slice(0, -1),
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='a;b \\' -- /*';",
        '/*!40101 SET character_set_client = @saved_cs_client */;',
        '-- ORDER BY:  `id`',
        'LOCK TABLES `things` WRITE;',
        '/*!40000 ALTER TABLE `things` DISABLE KEYS */;',
        "INSERT INTO `things` (`id`, `v`) VALUES (1,'a;b'),",
        "(2,'USE other;');",
        '/*!40000 ALTER TABLE `things` ENABLE KEYS */;',
        'UNLOCK TABLES;',
        '/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;',
      ];
      expect(check(header).digests.things.rows).toBe(2);
    });

    it.each([
      'USE `other`;',
      'use other;',
      'DROP DATABASE `conduit`;',
      'DROP TABLE IF EXISTS `other`.`users`;',
      'CREATE DATABASE `other`;',
      '/*!40101 DROP DATABASE `conduit` */;',
      '/*!40101 SET @a = 1 */; DROP DATABASE `conduit`;',
      '/*!40101 SET @a = 1, @@GLOBAL.read_only = 1 */;',
      "SET PASSWORD = PASSWORD('x');",
      "SET GLOBAL general_log = 'ON';",
      'SET STATEMENT max_statement_time = 1 FOR DROP DATABASE `conduit`;',
      'DELETE FROM `things`;',
      'GRANT ALL ON *.* TO x;',
      '\\! rm -rf /tmp/x',
      'system rm -rf /tmp/x',
      'source /etc/passwd',
      'LOCK TABLES `things` WRITE; DROP DATABASE `conduit`;',
    ])('should refuse %j before the client runs anything', (statement) => {
      expect(() => check([statement])).toThrow(/^dump line 1: not a statement mysqldump writes: ".+"$/);
    });

    it('should refuse a CREATE TABLE that hides a statement, a table created twice or dropped after', () => {
      const create = (line: string) => check([...CREATE.slice(0, 2), line, ...CREATE.slice(2)]);
      for (const line of [
        '  `v` text; DROP DATABASE `conduit`;',
        "  `w` int /* ' */; USE x; /* ' */,",
        '  `w` int \\! ls,',
      ]) {
        expect(() => create(line)).toThrow(/^dump line 3: not a line of CREATE TABLE as mysqldump writes it: /);
      }
      expect(() => check([...CREATE.slice(0, -1), ') ENGINE=InnoDB; DROP DATABASE `conduit`;'])).toThrow(
        /^dump line 5: not a line of CREATE TABLE/,
      );
      expect(() => check([...CREATE, ...CREATE])).toThrow(/^dump line 6: CREATE TABLE things a second time$/);
      expect(() => check([...CREATE, 'DROP TABLE IF EXISTS `things`;'])).toThrow(
        /^dump line 6: DROP TABLE things after its CREATE TABLE$/,
      );
      expect(() => check([...CREATE, 'INSERT INTO `things` (`id`) VALUES (1);'])).toThrow(
        /^dump line 6: INSERT INTO things does not name the columns of its CREATE TABLE$/,
      );
      expect(() => check(["INSERT INTO `things` (`id`, `v`) VALUES (1,'a');"])).toThrow(
        /^dump line 1: INSERT INTO things does not name the columns of its CREATE TABLE$/,
      );
    });
  });
});
