import { BackupError } from './errors';
import { DumpValue, readTuples } from './mysql-literals';

describe('readTuples', () => {
  const tuples = (line: string) => {
    const rows: DumpValue[][] = [];
    const end = readTuples(line, 0, (values) => rows.push(values));
    return { rows, end };
  };

  it('should read MySQL literals: NULL and numbers, escapes, doubled quotes, introducers, hex', () => {
    expect(
      tuples(
        String.raw`(1,-2.5e3,NULL,'NULL','it\'s ''q'' \"d\"','a\\b\nc\rd\te\0f\Zg\bh','\%\_\x','🐉 中文',_binary 'bin',0x6869,X'4869',_utf8mb4'u');`,
      ),
    ).toEqual({
      rows: [
        [
          '1',
          '-2.5e3',
          null,
          'NULL',
          `it's 'q' "d"`,
          'a\\b\nc\rd\te\0f\u001ag\bh',
          '\\%\\_x',
          '🐉 中文',
          'bin',
          'hi',
          'Hi',
          'u',
        ],
      ],
      end: 'end',
    });
    expect(tuples(`(1,'a'),(2,'b'),`)).toEqual({
      rows: [
        ['1', 'a'],
        ['2', 'b'],
      ],
      end: 'more',
    });
    expect(tuples(`(3,'),(;')  ;`)).toEqual({ rows: [['3', '),(;']], end: 'end' });
  });

  it('should refuse what is not a row list', () => {
    for (const line of [`(1,'open`, `(1,2`, `(1,2) (3)`, `(1,nope)`, `1,2`, `(1,'a\\`, `(1,'a');DROP DATABASE x;`]) {
      expect(() => tuples(line)).toThrow(BackupError);
    }
  });
});
