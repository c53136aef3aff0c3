import { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentVariables } from '../../scripts/docs/architecture-doc';
import { INDEX_PURPOSES } from '../../scripts/docs/index-purposes';
import { fillBlocks } from '../../scripts/docs/markers';
import { GENERATED_FILES, GeneratedFile, renderDocs } from '../../scripts/docs/render';
import { createTestApp } from '../support/create-test-app';

const ROOT = join(__dirname, '..', '..');

describe('Generated docs are up to date (e2e)', () => {
  let app: NestExpressApplication;
  let rendered: Record<GeneratedFile, string>;

  beforeAll(async () => {
    app = await createTestApp();
    rendered = await renderDocs(app, ROOT);
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(GENERATED_FILES)(
    '%s should be what the code renders (run `npm run docs` after changing the API, modules, entities or configuration)',
    (file) => {
      expect(readFileSync(join(ROOT, file), 'utf8')).toBe(rendered[file]);
    },
  );

  it("should show the architecture's request path diagram in the README, without its markers", () => {
    const diagram = /```mermaid\nflowchart TB\n[\s\S]*?```/.exec(rendered['README.md'])?.[0];

    expect(diagram).toContain('  config["Configuration: environment variables');
    expect(diagram).not.toContain('generated:');
    expect(rendered['docs/architecture.md']).toContain('    %% generated:config-variables start');
  });

  it('should draw the module map from the running module graph', () => {
    const map = rendered['docs/architecture.md'];

    expect(map).toContain('  UsersModule --> AuthModule');
    expect(map).toContain('  CommentsModule --> ArticlesModule');
    expect(map).toContain('  AppModule --> HealthModule');
    expect(map).toContain('  TypeOrmModule([TypeOrmModule])');
  });

  it('should list every index with the query it serves, and every environment variable in .env.example', () => {
    const database = rendered['docs/database.md'];
    for (const name of Object.keys(INDEX_PURPOSES).filter((key) => !key.startsWith('PK_'))) {
      expect(database).toContain(`\`${name}\``);
    }
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const { name } of environmentVariables()) {
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(rendered['docs/architecture.md']).toContain(`\`${name}\``);
    }
  });
});

describe('Generated blocks between markers', () => {
  const [start, end] = ['<!-- generated:table start -->', '<!-- generated:table end -->'];
  const text = ['# Title', '', 'Prose.', start, 'old', end, ''];

  it('should replace only what is between the markers, set off by blank lines', () => {
    const filled = fillBlocks('x.md', text.join('\n'), { table: '| a |\n| b |' });

    expect(filled.split('\n')).toEqual(['# Title', '', 'Prose.', start, '', '| a |', '| b |', '', end, '']);
  });

  it('should fill a block inside a Mermaid diagram without blank lines', () => {
    const diagram = ['flowchart TB', '  %% generated:node start', '  old', '  %% generated:node end', '  a --> b'];

    expect(fillBlocks('x.md', diagram.join('\n'), { node: '  new' })).toBe(
      ['flowchart TB', '  %% generated:node start', '  new', '  %% generated:node end', '  a --> b'].join('\n'),
    );
  });

  it('should fail, naming the file and the marker, when a marker is missing or repeated', () => {
    expect(() => fillBlocks('x.md', text.filter((line) => line !== end).join('\n'), { table: '' })).toThrow(
      'x.md: expected one "generated:table end" marker line, found 0',
    );
    expect(() => fillBlocks('x.md', [...text, ...text].join('\n'), { table: '' })).toThrow(/found 2/);
    expect(() => fillBlocks('x.md', text.join('\n'), { table: '', other: '' })).toThrow('generated:other start');
  });

  it('should fail on a marker that no generator fills', () => {
    expect(() => fillBlocks('x.md', text.join('\n'), {})).toThrow('x.md: no generator for the block(s) marked table');
  });
});
