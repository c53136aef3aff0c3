import { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocs } from '../../src/docs/generate';
import { INDEX_PURPOSES } from '../../src/docs/index-purposes';
import { environmentVariables } from '../../src/docs/architecture-doc';
import { createTestApp } from '../support/create-test-app';

const DOCS = join(__dirname, '..', '..', 'docs');

describe('Generated docs are up to date (e2e)', () => {
  let app: NestExpressApplication;
  let rendered: Record<string, string>;

  beforeAll(async () => {
    app = await createTestApp();
    rendered = await renderDocs(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['openapi.json', 'api.md', 'architecture.md', 'database.md'])(
    'docs/%s should be what the code renders (run `npm run docs` after changing the API, modules or entities)',
    (name) => {
      expect(readFileSync(join(DOCS, name), 'utf8')).toBe(rendered[name]);
    },
  );

  it("should show the architecture's request path diagram in the README, as generated", () => {
    const diagram = /```mermaid\n[\s\S]*?```/.exec(rendered['architecture.md'])?.[0];
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

    expect(diagram).toContain('flowchart TB');
    expect(readme).toContain(diagram);
  });

  it('should draw the module map from the running module graph', () => {
    const map = rendered['architecture.md'];

    expect(map).toContain('  UsersModule --> AuthModule');
    expect(map).toContain('  CommentsModule --> ArticlesModule');
    expect(map).toContain('  AppModule --> HealthModule');
    expect(map).toContain('  TypeOrmModule([TypeOrmModule])');
  });

  it('should list every index with the query it serves, and every environment variable in .env.example', () => {
    const database = rendered['database.md'];
    for (const name of Object.keys(INDEX_PURPOSES).filter((key) => !key.startsWith('PK_'))) {
      expect(database).toContain(`\`${name}\``);
    }
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    for (const { name } of environmentVariables()) {
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(rendered['architecture.md']).toContain(`\`${name}\``);
    }
  });
});
