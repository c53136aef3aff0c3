import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { api } from '../support/api';
import { createTestApp } from '../support/create-test-app';

/**
 * Our /docs-json against the official RealWorld 2.0.0 `openapi.yml`, operation by operation: the same
 * operations and operationIds, every status the spec declares (with the same schema), the same
 * parameters, request and response types and required fields, after resolving references. A client
 * generated from either document gets the same types.
 */
const SPEC_DIR = process.env.REALWORLD_SPEC_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'realworld-spec');
const SPEC_FILE = join(SPEC_DIR, 'openapi.yml');
const specPresent = existsSync(SPEC_FILE);
if (!specPresent && process.env.CI) {
  throw new Error(`${SPEC_FILE} is missing: CI compares the OpenAPI document with the official spec`);
}

/**
 * Statuses we answer beyond the spec's, each from API.md: 400 and 413 for a request body that is not
 * JSON or too large; 401 for an invalid token on a public or optional route; 409 for a taken email or
 * username on PUT /user and for a new title's slug; 429 rate limits and 503 an unreachable database
 * on every operation.
 */
const EXTRA_STATUSES: Record<string, (operationId: string, hasBody: boolean) => boolean> = {
  '400': (_id, hasBody) => hasBody,
  '401': () => true,
  '409': (id) => id === 'UpdateCurrentUser' || id === 'UpdateArticle',
  '413': (_id, hasBody) => hasBody,
  '429': () => true,
  '503': () => true,
};

/** Optional query parameters of our own (API.md: comments are paged), which spec clients never send. */
const EXTRA_PARAMETERS: Record<string, string[]> = {
  GetArticleComments: ['query limit', 'query offset'],
};

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-codegen-request-body-name'?: string;
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

/** A schema as a generated client sees it: types (null included), formats, properties, required. */
interface Shape {
  type: string[];
  format?: string;
  required?: string[];
  properties?: Record<string, Shape>;
  items?: Shape;
  values?: Shape;
}

function resolve(doc: Json, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') {
    return node;
  }
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, key) => (at as Json)[key], doc) as Json;
  return resolve(doc, target);
}

function shapeOf(doc: Json, raw: Json): Shape {
  let schema = resolve(doc, raw);
  if (Array.isArray(schema.allOf)) {
    // A wrapper's own keys (nullable, description) stand beside its parts; parts' properties add up.
    const parts = [...(schema.allOf as Json[]).map((part) => resolve(doc, part)), { ...schema, allOf: undefined }];
    schema = Object.assign({}, ...parts, {
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Json,
      required: parts.flatMap((part) => (part.required as string[] | undefined) ?? []),
    }) as Json;
    if (Object.keys(schema.properties as Json).length === 0) {
      delete schema.properties;
    }
  }
  const types = new Set(([] as unknown[]).concat(schema.type ?? (schema.properties ? 'object' : [])).map(String));
  if (schema.nullable === true) {
    types.add('null');
  }
  const shape: Shape = { type: [...types].sort() };
  if (typeof schema.format === 'string') {
    shape.format = schema.format;
  }
  if (schema.properties) {
    shape.required = [...((schema.required as string[] | undefined) ?? [])].sort();
    shape.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Json>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, child]) => [name, shapeOf(doc, child)]),
    );
  }
  if (schema.items) {
    shape.items = shapeOf(doc, schema.items as Json);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    shape.values = shapeOf(doc, schema.additionalProperties as Json);
  }
  return shape;
}

/** Differences between two shapes, as readable lines ("articles[].favoritesCount: type number ≠ integer"). */
function compareShapes(path: string, ours: Shape, theirs: Shape, out: string[]): void {
  const show = (value: unknown) => JSON.stringify(value ?? null);
  if (show(ours.type) !== show(theirs.type)) {
    out.push(`${path}: type ${show(ours.type)} ≠ spec ${show(theirs.type)}`);
  }
  if (ours.format !== theirs.format) {
    out.push(`${path}: format ${show(ours.format)} ≠ spec ${show(theirs.format)}`);
  }
  if (show(ours.required) !== show(theirs.required)) {
    out.push(`${path}: required ${show(ours.required)} ≠ spec ${show(theirs.required)}`);
  }
  const names = new Set([...Object.keys(ours.properties ?? {}), ...Object.keys(theirs.properties ?? {})]);
  for (const name of names) {
    const [mine, spec] = [ours.properties?.[name], theirs.properties?.[name]];
    if (!mine || !spec) {
      out.push(`${path}.${name}: ${mine ? 'not in the spec' : 'missing'}`);
    } else {
      compareShapes(`${path}.${name}`, mine, spec, out);
    }
  }
  for (const part of ['items', 'values'] as const) {
    const [mine, spec] = [ours[part], theirs[part]];
    if (mine && spec) {
      compareShapes(`${path}${part === 'items' ? '[]' : '{}'}`, mine, spec, out);
    } else if (mine || spec) {
      out.push(`${path}: ${part} ${mine ? 'not in the spec' : 'missing'}`);
    }
  }
}

const jsonSchema = (doc: Json, holder: Json | undefined): Shape | undefined => {
  const content = holder && (resolve(doc, holder).content as Record<string, { schema?: Json }> | undefined);
  const schema = content?.['application/json']?.schema;
  return schema ? shapeOf(doc, schema) : undefined;
};

function compareOperation(label: string, ours: Operation, spec: Operation, oursDoc: Json, specDoc: Json): string[] {
  const out: string[] = [];
  if (ours.operationId !== spec.operationId) {
    out.push(`${label}: operationId ${ours.operationId} ≠ spec ${spec.operationId}`);
  }
  if (JSON.stringify(ours.tags) !== JSON.stringify(spec.tags)) {
    out.push(`${label}: tags ${JSON.stringify(ours.tags)} ≠ spec ${JSON.stringify(spec.tags)}`);
  }
  if (ours['x-codegen-request-body-name'] !== spec['x-codegen-request-body-name']) {
    out.push(`${label}: x-codegen-request-body-name differs from the spec`);
  }
  // Where the spec requires its Token scheme, every alternative of ours requires a token too, Token
  // among them; where the spec requires nothing, anonymous calls ({}) must be allowed.
  const requirements = ours.security ?? [];
  if (spec.security?.some((requirement) => 'Token' in requirement)) {
    if (!requirements.some((r) => 'Token' in r) || requirements.some((r) => Object.keys(r).length === 0)) {
      out.push(`${label}: security ${JSON.stringify(ours.security)} does not require the Token scheme`);
    }
  } else if (requirements.length > 0 && !requirements.some((r) => Object.keys(r).length === 0)) {
    out.push(`${label}: security ${JSON.stringify(ours.security)} requires a token the spec does not`);
  }

  const parameters = (doc: Json, op: Operation) =>
    new Map(
      (op.parameters ?? []).map((raw) => {
        const p = resolve(doc, raw);
        return [`${String(p.in)} ${String(p.name)}`, { required: p.required === true, schema: p.schema as Json }];
      }),
    );
  const [ourParams, specParams] = [parameters(oursDoc, ours), parameters(specDoc, spec)];
  for (const key of new Set([...ourParams.keys(), ...specParams.keys()])) {
    const [mine, theirs] = [ourParams.get(key), specParams.get(key)];
    if (mine && !theirs && !mine.required && EXTRA_PARAMETERS[String(spec.operationId)]?.includes(key)) {
      continue;
    }
    if (!mine || !theirs) {
      out.push(`${label} parameter ${key}: ${mine ? 'not in the spec' : 'missing'}`);
      continue;
    }
    if (mine.required !== theirs.required) {
      out.push(`${label} parameter ${key}: required ${mine.required} ≠ spec ${theirs.required}`);
    }
    compareShapes(`${label} parameter ${key}`, shapeOf(oursDoc, mine.schema), shapeOf(specDoc, theirs.schema), out);
  }

  const [ourBody, specBody] = [jsonSchema(oursDoc, ours.requestBody), jsonSchema(specDoc, spec.requestBody)];
  if (ourBody && specBody) {
    const required = (doc: Json, op: Operation) => resolve(doc, op.requestBody ?? {}).required === true;
    if (required(oursDoc, ours) !== required(specDoc, spec)) {
      out.push(`${label} request body: required differs from the spec`);
    }
    compareShapes(`${label} request body`, ourBody, specBody, out);
  } else if (ourBody || specBody) {
    out.push(`${label} request body: ${ourBody ? 'not in the spec' : 'missing'}`);
  }

  for (const status of Object.keys(spec.responses)) {
    const mine = ours.responses[status];
    if (!mine) {
      out.push(`${label} ${status}: not declared`);
      continue;
    }
    const [myShape, theirShape] = [jsonSchema(oursDoc, mine), jsonSchema(specDoc, spec.responses[status])];
    if (myShape && theirShape) {
      compareShapes(`${label} ${status}`, myShape, theirShape, out);
    } else if (myShape || theirShape) {
      out.push(`${label} ${status}: a JSON body ${myShape ? 'the spec does not have' : 'is missing'}`);
    }
  }
  for (const status of Object.keys(ours.responses)) {
    if (!(status in spec.responses) && !EXTRA_STATUSES[status]?.(String(spec.operationId), Boolean(spec.requestBody))) {
      out.push(`${label} ${status}: declared, but neither the spec nor API.md has it`);
    }
  }
  return out;
}

const operationsOf = (doc: Json, prefix: string): Map<string, Operation> =>
  new Map(
    Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${prefix}${path}`, op] as const),
    ),
  );

(specPresent ? describe : describe.skip)('OpenAPI document against the RealWorld 2.0.0 spec (e2e)', () => {
  let app: NestExpressApplication;
  let ours: Json;
  const spec = specPresent ? (parse(readFileSync(SPEC_FILE, 'utf8')) as Json) : {};

  beforeAll(async () => {
    app = await createTestApp();
    ours = (await api(app).get('/docs-json').expect(200)).body as Json;
  });

  afterAll(async () => {
    await app.close();
  });

  it("should declare the spec's Token scheme the same way", () => {
    const scheme = (doc: Json) => (doc.components as { securitySchemes: Record<string, Json> }).securitySchemes.Token;
    const { type, in: where, name } = scheme(spec);

    expect(scheme(ours)).toEqual(expect.objectContaining({ type, in: where, name }));
  });

  it('should have exactly the spec operations under /api', () => {
    const mine = [...operationsOf(ours, '').keys()].filter((key) => key.includes(' /api/')).sort();

    expect(mine).toEqual([...operationsOf(spec, '/api').keys()].sort());
  });

  it('should match every operation: id, tags, parameters, request, every declared status and its schema', () => {
    const mine = operationsOf(ours, '');
    const differences = [...operationsOf(spec, '/api')].flatMap(([label, theirs]) => {
      const op = mine.get(label);
      return op ? compareOperation(label, op, theirs, ours, spec) : [`${label}: missing`];
    });

    expect(differences).toEqual([]);
  });

  it('should fail on a difference (the comparison itself works)', () => {
    const [label, theirs] = [...operationsOf(spec, '/api')].find(([key]) => key === 'GET /api/articles') ?? [];
    const op = structuredClone(operationsOf(ours, '').get(label ?? '')) as Operation;
    delete op.responses['401'];
    const content = (resolve(ours, op.responses['200']).content as Record<string, { schema: Json }>)[
      'application/json'
    ];
    const mutated = structuredClone(ours);
    const listItem = resolve(mutated, content.schema);
    const articles = resolve(mutated, (listItem.properties as Record<string, Json>).articles);
    const item = resolve(mutated, articles.items as Json);
    (item.properties as Record<string, Json>).favoritesCount = { type: 'number' };

    op.parameters?.push({ in: 'query', name: 'page', required: false, schema: { type: 'integer' } });

    expect(compareOperation(label ?? '', op, theirs as Operation, mutated, spec)).toEqual([
      'GET /api/articles parameter query page: not in the spec',
      'GET /api/articles 200.articles[].favoritesCount: type ["number"] ≠ spec ["integer"]',
      'GET /api/articles 401: not declared',
    ]);
  });

  it('should fail on a security or nullability difference', () => {
    const mine = operationsOf(ours, '');
    const theirs = operationsOf(spec, '/api');
    const getUser = structuredClone(mine.get('GET /api/user')) as Operation;
    getUser.security = [{}, ...(getUser.security ?? [])];
    const mutated = structuredClone(ours);
    const update = mutated.components as { schemas: Record<string, Json> };
    const envelope = update.schemas.UpdateUserRequest.properties as Record<string, Json>;
    envelope.user = {
      allOf: [envelope.user.$ref ? envelope.user : { $ref: '#/components/schemas/UpdateUser' }],
      nullable: true,
    };
    const putUser = mine.get('PUT /api/user') as Operation;

    expect(compareOperation('GET /api/user', getUser, theirs.get('GET /api/user') as Operation, ours, spec)).toEqual([
      'GET /api/user: security [{},{"Bearer":[]},{"Token":[]}] does not require the Token scheme',
    ]);
    expect(compareOperation('PUT /api/user', putUser, theirs.get('PUT /api/user') as Operation, mutated, spec)).toEqual(
      ['PUT /api/user request body.user: type ["null","object"] ≠ spec ["object"]'],
    );
  });
});
