import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { buildOpenApiDocument } from '../../src/openapi';
import { apiBlocks } from './api-doc';
import { architectureBlocks } from './architecture-doc';
import { databaseBlocks } from './database-doc';
import { fillBlocks, withoutMarkers } from './markers';
import { renderModuleMap } from './module-map';
import { ownModuleNames } from './own-modules';

/** The server URL written into the committed OpenAPI document (the README's default). */
export const DOCS_SERVER_URL = 'http://localhost:3000';

/** Every file `npm run docs` writes, by path from the repository root. */
export const GENERATED_FILES = [
  'docs/openapi.json',
  'docs/api.md',
  'docs/architecture.md',
  'docs/database.md',
  'README.md',
] as const;

export type GeneratedFile = (typeof GENERATED_FILES)[number];

/**
 * What each generated file should contain, rendered from a configured, initialised app: the OpenAPI
 * document whole, and the Markdown files of the repository at `root` as they are, with only their
 * generated blocks filled in.
 */
export async function renderDocs(app: INestApplication, root: string): Promise<Record<GeneratedFile, string>> {
  const fill = (file: GeneratedFile, blocks: Record<string, string>) =>
    fillBlocks(file, readFileSync(join(root, file), 'utf8'), blocks);
  const document = buildOpenApiDocument(app, DOCS_SERVER_URL);
  const moduleMap = await renderModuleMap(app.get(ModulesContainer).values(), ownModuleNames(join(root, 'src')));
  const architecture = fill('docs/architecture.md', architectureBlocks(moduleMap));
  return {
    'docs/openapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'docs/api.md': fill('docs/api.md', apiBlocks(document)),
    'docs/architecture.md': architecture,
    'docs/database.md': fill('docs/database.md', databaseBlocks(await mysqlMetadata())),
    'README.md': fill('README.md', { 'request-path': requestPathDiagram(architecture) }),
  };
}

/** The request path diagram, drawn by hand in docs/architecture.md, which the README shows too. */
function requestPathDiagram(architecture: string): string {
  const diagram = /^```mermaid\nflowchart TB\n[\s\S]*?^```$/m.exec(architecture)?.[0];
  if (!diagram) {
    throw new Error('docs/architecture.md: no request path diagram (a ```mermaid block starting with flowchart TB)');
  }
  return withoutMarkers(diagram);
}

/**
 * The entity metadata as TypeORM builds it for MySQL (the production dialect), whatever the app
 * runs on: a DataSource that is never connected, only asked to build its metadata.
 */
async function mysqlMetadata(): Promise<DataSource> {
  const offline = new DataSource({ type: 'mysql', database: 'conduit', entities: ENTITIES });
  await (offline as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return offline;
}
