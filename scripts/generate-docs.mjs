#!/usr/bin/env node
// `npm run docs`: regenerates docs/openapi.json, docs/api.md, docs/architecture.md and
// docs/database.md from the built application (its OpenAPI document, module graph and TypeORM
// metadata), and the diagram the README shows. test/e2e/docs.e2e-spec.ts fails when the committed
// files differ from what the code renders, and CI checks this script's output the same way.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// An in-memory SQLite app with no output: only its structure is read.
Object.assign(process.env, { NODE_ENV: 'test', DB_TYPE: 'sqlite', DB_PATH: ':memory:', LOG_LEVEL: 'silent' });
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require(path.join(root, 'dist/app.module.js'));
const { configureApp } = require(path.join(root, 'dist/app.setup.js'));
const { renderDocs } = require(path.join(root, 'dist/docs/generate.js'));

const app = await NestFactory.create(AppModule, { logger: false });
await configureApp(app);
await app.init();
const docs = await renderDocs(app);
await app.close();

await mkdir(path.join(root, 'docs'), { recursive: true });
for (const [name, content] of Object.entries(docs)) {
  await writeFile(path.join(root, 'docs', name), content);
  console.log(`docs/${name}`);
}

// The README shows the request path diagram: the same block as docs/architecture.md.
const diagram = /```mermaid\nflowchart TB\n[\s\S]*?```/;
const readmePath = path.join(root, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const block = diagram.exec(docs['architecture.md'])?.[0];
if (block && diagram.test(readme)) {
  await writeFile(
    readmePath,
    readme.replace(diagram, () => block),
  );
  console.log('README.md (request path diagram)');
}
