import { checkCreateLine, checkStatement, DumpStatementError } from './dump-statements';

describe('checkStatement', () => {
  it.each([
    '',
    '-- MySQL dump 10.13',
    '--',
    '/*M!999999\\- enable the sandbox mode */',
    '/*!40101 SET NAMES utf8mb4 */;',
    "/*!40103 SET TIME_ZONE='+00:00' */;",
    '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;',
    '/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;',
    'SET @@SESSION.SQL_LOG_BIN= 0;',
    "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5';",
    'LOCK TABLES `users` WRITE;',
    'UNLOCK TABLES;',
    '/*!40000 ALTER TABLE `users` DISABLE KEYS */;',
  ])('should let through %j, which mysqldump writes', (line) => {
    expect(checkStatement(line)).toEqual({});
  });

  it('should name the table a DROP TABLE IF EXISTS drops, back-quotes unescaped', () => {
    expect(checkStatement('DROP TABLE IF EXISTS `users`;')).toEqual({ drops: 'users' });
    expect(checkStatement('DROP TABLE IF EXISTS `odd``name`;')).toEqual({ drops: 'odd`name' });
  });

  it.each([
    'USE `other`;',
    'DROP DATABASE `conduit`;',
    'DROP TABLE IF EXISTS `other`.`users`;',
    "SET PASSWORD = PASSWORD('x');",
    "SET GLOBAL general_log = 'ON';",
    'SET STATEMENT max_statement_time = 1 FOR DROP DATABASE `conduit`;',
    '/*!40101 SET @a = 1 */; DROP DATABASE `conduit`;',
    '\\! rm -rf /tmp/x',
    'LOCK TABLES `users` WRITE; DROP DATABASE `conduit`;',
  ])('should refuse %j', (line) => {
    expect(() => checkStatement(line)).toThrow(DumpStatementError);
    expect(() => checkStatement(line)).toThrow(/^not a statement mysqldump writes: ".+"$/);
  });

  it('should show at most 80 characters of a refused line', () => {
    expect(() => checkStatement(`GRANT ${'x'.repeat(200)}`)).toThrow(`"GRANT ${'x'.repeat(74)}…"`);
  });
});

describe('checkCreateLine', () => {
  it('should accept the lines mysqldump writes, with ; and -- inside quotes', () => {
    expect(() => checkCreateLine('  `id` int(11) NOT NULL,', false)).not.toThrow();
    expect(() => checkCreateLine("  `v` varchar(10) DEFAULT 'a;b -- c',", false)).not.toThrow();
    expect(() => checkCreateLine("  `w` text COMMENT 'it\\'s',", false)).not.toThrow();
    expect(() => checkCreateLine(") ENGINE=InnoDB COMMENT='x;y';", true)).not.toThrow();
  });

  it.each([
    ['a statement after a column', '  `v` text; DROP DATABASE `conduit`;', false],
    ['a client command', '  `w` int \\! ls,', false],
    ['a comment', '  `w` int /* hidden */,', false],
    ['a quote that does not close', "  `v` text DEFAULT 'open,", false],
    ['a last line without its ;', ') ENGINE=InnoDB', true],
    ['a statement after the last line', ') ENGINE=InnoDB; DROP DATABASE `conduit`;', true],
  ])('should refuse %s', (_case, line, last) => {
    expect(() => checkCreateLine(line, last)).toThrow(/^not a line of CREATE TABLE as mysqldump writes it: /);
  });
});
