import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../database/entities';
import { buildOpenApiDocument } from '../openapi';
import { renderApiMarkdown } from './api-doc';
import { renderArchitectureMarkdown } from './architecture-doc';
import { renderDatabaseMarkdown } from './database-doc';
import { renderModuleMap } from './module-map';
import { ownModuleNames, SRC_DIR } from './own-modules';

/** The server URL written into the committed OpenAPI document (the README's default). */
export const DOCS_SERVER_URL = 'http://localhost:3000';

/** Every generated document, by path under `docs/`, rendered from a configured, initialised app. */
export async function renderDocs(app: INestApplication): Promise<Record<string, string>> {
  const document = buildOpenApiDocument(app, DOCS_SERVER_URL);
  const moduleMap = await renderModuleMap(app.get(ModulesContainer).values(), ownModuleNames(SRC_DIR));
  return {
    'openapi.json': `${JSON.stringify(document, null, 2)}\n`,
    'api.md': renderApiMarkdown(document),
    'architecture.md': renderArchitectureMarkdown(moduleMap),
    'database.md': renderDatabaseMarkdown(await mysqlMetadata()),
  };
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
