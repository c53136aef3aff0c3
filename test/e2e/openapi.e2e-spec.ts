import { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject } from '@nestjs/swagger';
import { api } from '../support/api';
import { createTestApp } from '../support/create-test-app';

describe('OpenAPI and Swagger UI (e2e)', () => {
  let app: NestExpressApplication;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    app = await createTestApp();
    doc = (await api(app).get('/docs-json').expect(200)).body as OpenAPIObject;
  });

  afterAll(async () => {
    await app.close();
  });

  it('should serve the Swagger UI at /docs', async () => {
    const res = await api(app).get('/docs/').expect(200);

    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
  });

  it('should document every user endpoint with its operationId', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, op]) => `${method.toUpperCase()} ${path} ${(op as { operationId: string }).operationId}`,
      ),
    );

    expect(operations.sort()).toEqual(
      expect.arrayContaining([
        'GET /api/user getCurrentUser',
        'POST /api/users createUser',
        'POST /api/users/login login',
        'PUT /api/user updateCurrentUser',
      ]),
    );
  });

  it('should describe the envelopes of requests and responses', () => {
    const schemas = doc.components?.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    const createUser = doc.paths['/api/users'].post;

    expect(createUser?.requestBody).toEqual(
      expect.objectContaining({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/NewUserRequest' } } },
      }),
    );
    expect(createUser?.responses['201']).toEqual(
      expect.objectContaining({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UserResponse' } } },
      }),
    );
    expect(createUser?.responses['422']).toBeDefined();
    expect(schemas.NewUserRequest.required).toEqual(['user']);
    expect(Object.keys(schemas.NewUser.properties ?? {}).sort()).toEqual(['email', 'password', 'username']);
    expect(Object.keys(schemas.User.properties ?? {}).sort()).toEqual(['bio', 'email', 'image', 'token', 'username']);
    expect(schemas.GenericErrorModel.properties).toHaveProperty('errors');
  });

  it('should declare the security schemes and require them where the API does', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['Bearer', 'Token']);
    expect(doc.paths['/api/user'].get?.security).toEqual([{ Bearer: [] }, { Token: [] }]);
    expect(doc.paths['/api/users/login'].post?.security).toBeUndefined();
  });
});
