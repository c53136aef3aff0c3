/**
 * The generated parts of a hand-written document sit between two marker lines:
 * `<!-- generated:NAME start -->` … `<!-- generated:NAME end -->` in Markdown, or
 * `%% generated:NAME start` … `%% generated:NAME end` inside a Mermaid diagram. Everything outside
 * them is prose that `npm run docs` never touches.
 */
const MARKER = /^\s*(<!--|%%) generated:([\w-]+) (start|end)(?: -->)?$/;

/**
 * `text` with each named block replaced by its content. A missing, repeated or unknown marker
 * throws, naming the file: a block that silently stops being generated would go stale.
 */
export function fillBlocks(file: string, text: string, blocks: Readonly<Record<string, string>>): string {
  const lines = text.split('\n');
  const unknown = lines.map((line) => MARKER.exec(line)?.[2]).filter((name) => name && !(name in blocks));
  if (unknown.length > 0) {
    throw new Error(`${file}: no generator for the block(s) marked ${[...new Set(unknown)].join(', ')}`);
  }
  for (const [name, content] of Object.entries(blocks)) {
    const start = markerLine(file, lines, name, 'start');
    const end = markerLine(file, lines, name, 'end');
    if (end < start) {
      throw new Error(`${file}: generated:${name} ends before it starts`);
    }
    // A Markdown block is set off by blank lines, so that no table or paragraph runs into a marker.
    const padded = MARKER.exec(lines[start])?.[1] === '<!--' ? ['', content, ''] : [content];
    lines.splice(start + 1, end - start - 1, ...padded.join('\n').split('\n'));
  }
  return lines.join('\n');
}

/** `text` without its marker lines: a generated copy of a diagram shows none of them. */
export function withoutMarkers(text: string): string {
  return text
    .split('\n')
    .filter((line) => !MARKER.test(line))
    .join('\n');
}

function markerLine(file: string, lines: string[], name: string, edge: 'start' | 'end'): number {
  const found = lines.flatMap((line, index) => {
    const match = MARKER.exec(line);
    return match?.[2] === name && match[3] === edge ? [index] : [];
  });
  if (found.length !== 1) {
    throw new Error(`${file}: expected one "generated:${name} ${edge}" marker line, found ${found.length}`);
  }
  return found[0];
}
