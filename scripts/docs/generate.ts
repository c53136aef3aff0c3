// `npm run docs`: writes docs/openapi.json and fills the generated blocks of docs/api.md,
// docs/architecture.md, docs/database.md and README.md from the application itself (its OpenAPI
// document, module graph, TypeORM metadata and EnvironmentVariables). test/e2e/docs.e2e-spec.ts fails
// when the committed files differ from what this renders, and CI checks this script's output the same way.
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

async function main(): Promise<void> {
  // An in-memory SQLite app with no output: only its structure is read. Set before the app's modules
  // load, because the configuration is read and validated as they do.
  Object.assign(process.env, { NODE_ENV: 'test', DB_TYPE: 'sqlite', DB_PATH: ':memory:', LOG_LEVEL: 'silent' });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../src/app.module');
  const { configureApp, NEST_APP_OPTIONS } = await import('../../src/app.setup');
  const { renderDocs } = await import('./render');

  const root = repositoryRoot(__dirname);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { ...NEST_APP_OPTIONS, logger: false });
  try {
    // Configured but never initialised: no lifecycle hook runs, so nothing starts (the password
    // hashing process among them, whose worker script is not compiled into dist-tools/).
    await configureApp(app);
    for (const [file, content] of Object.entries(await renderDocs(app, root))) {
      const changed = readFileSync(join(root, file), 'utf8') !== content;
      writeFileSync(join(root, file), content);
      console.log(`${file}${changed ? ' (changed)' : ''}`);
    }
  } finally {
    await app.close();
  }
}

/** The nearest directory above `dir` with a package.json: the same from scripts/ and from dist-tools/. */
function repositoryRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('docs: no package.json above the generator');
    }
    dir = parent;
  }
  return dir;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
