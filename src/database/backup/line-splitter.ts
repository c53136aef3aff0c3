import { StringDecoder } from 'node:string_decoder';

/**
 * Bytes in, whole UTF-8 lines out (a multi-byte character split across chunks is kept whole). Each
 * chunk is searched for line ends once, and the pieces of an unfinished line are joined once, when
 * it ends: a line of many megabytes arriving in small chunks costs time linear in its length.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pieces: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.take(this.decoder.write(chunk));
  }

  end(): void {
    this.take(this.decoder.end());
    const rest = this.pieces.join('');
    this.pieces = [];
    if (rest.length > 0) {
      this.onLine(rest);
    }
  }

  private take(text: string): void {
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      this.pieces.push(text.slice(from, newline));
      const line = this.pieces.join('');
      this.pieces = [];
      from = newline + 1;
      this.onLine(line);
    }
    if (from < text.length) {
      this.pieces.push(text.slice(from));
    }
  }
}
