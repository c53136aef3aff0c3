import { LineSplitter } from './line-splitter';

/** The lines a splitter hands out for these chunks, then its end. */
function linesOf(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  chunks.forEach((chunk) => splitter.push(chunk));
  splitter.end();
  return lines;
}

/** `text` cut into chunks of `size` bytes, wherever that falls. */
const chunked = (text: string, size: number): Buffer[] => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    chunks.push(bytes.subarray(at, at + size));
  }
  return chunks;
};

describe(LineSplitter.name, () => {
  it('should hand out each line without its line end, and a last line without one', () => {
    expect(linesOf([Buffer.from('one\ntwo\n\nthree')])).toEqual(['one', 'two', '', 'three']);
    expect(linesOf([Buffer.from('one\n')])).toEqual(['one']);
    expect(linesOf([])).toEqual([]);
  });

  it('should join a line that arrives in many chunks', () => {
    expect(linesOf(chunked('a long first line\nsecond\n', 3))).toEqual(['a long first line', 'second']);
  });

  it('should keep a multi-byte character whole when a chunk ends inside it', () => {
    const text = 'Ünïcödé 🐉 中文\nemoji 🧀\n';

    for (const size of [1, 2, 3, 5]) {
      expect(linesOf(chunked(text, size))).toEqual(['Ünïcödé 🐉 中文', 'emoji 🧀']);
    }
  });

  it('should keep a carriage return, which belongs to the line', () => {
    expect(linesOf([Buffer.from('crlf\r\nnext')])).toEqual(['crlf\r', 'next']);
  });
});
