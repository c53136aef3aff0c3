import { OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { name: string; in: string; required?: boolean }[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
type Schema = { $ref?: string; type?: string; items?: Schema };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The generated blocks of `docs/api.md`: the API's title and version, and every endpoint of the
 * OpenAPI document, one table row each.
 */
export function apiBlocks(document: OpenAPIObject): Record<string, string> {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) {
        continue;
      }
      const responses = Object.entries(operation.responses ?? {});
      const success = responses.filter(([status]) => status.startsWith('2'));
      const failures = responses.filter(([status]) => !status.startsWith('2')).map(([status]) => status);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      rows.push(
        [
          `\`${method.toUpperCase()}\``,
          `\`${path}\`${query.length ? `<br>?${query.join('&')}` : ''}`,
          authMode(operation),
          schemaName(Object.values(operation.requestBody?.content ?? {})[0]?.schema) ?? '',
          success.map(([status, response]) => `${status} ${schemaName(firstSchema(response)) ?? ''}`.trim()).join(', '),
          failures.sort().join(', '),
          (operation.summary ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|'),
        ].join(' | '),
      );
    }
  }
  return {
    'api-title': `${document.info.title} ${document.info.version}.`,
    endpoints: [
      '| Method | Path | Auth | Request body | Success | Error statuses | Purpose |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((row) => `| ${row} |`),
    ].join('\n'),
  };
}

function authMode(operation: Operation): string {
  const security = operation.security ?? [];
  if (security.length === 0) {
    return 'public';
  }
  return security.some((requirement) => Object.keys(requirement).length === 0) ? 'optional' : 'required';
}

function firstSchema(response: { content?: Record<string, { schema?: Schema }> }): Schema | undefined {
  return Object.values(response.content ?? {})[0]?.schema;
}

function schemaName(schema: Schema | undefined): string | undefined {
  if (!schema) {
    return undefined;
  }
  if (schema.$ref) {
    return `\`${schema.$ref.split('/').pop()}\``;
  }
  if (schema.type === 'array') {
    return `${schemaName(schema.items) ?? 'item'}[]`;
  }
  return schema.type ? `\`${schema.type}\`` : undefined;
}
