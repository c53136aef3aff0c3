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

  it("should document every endpoint with the spec's operationId (PascalCase) and success status", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        const { operationId, responses } = op as { operationId: string; responses: Record<string, unknown> };
        const success = Object.keys(responses).find((status) => status.startsWith('2'));
        return `${method.toUpperCase()} ${path} ${operationId} ${success}`;
      }),
    );

    expect(operations.sort()).toEqual(
      [
        'POST /api/users/login Login 200',
        'POST /api/users CreateUser 201',
        'GET /api/user GetCurrentUser 200',
        'PUT /api/user UpdateCurrentUser 200',
        'GET /api/profiles/{username} GetProfileByUsername 200',
        'POST /api/profiles/{username}/follow FollowUserByUsername 200',
        'DELETE /api/profiles/{username}/follow UnfollowUserByUsername 200',
        'GET /api/articles GetArticles 200',
        'GET /api/articles/feed GetArticlesFeed 200',
        'GET /api/articles/{slug} GetArticle 200',
        'POST /api/articles CreateArticle 201',
        'PUT /api/articles/{slug} UpdateArticle 200',
        'DELETE /api/articles/{slug} DeleteArticle 204',
        'POST /api/articles/{slug}/favorite CreateArticleFavorite 200',
        'DELETE /api/articles/{slug}/favorite DeleteArticleFavorite 200',
        'GET /api/articles/{slug}/comments GetArticleComments 200',
        'POST /api/articles/{slug}/comments CreateArticleComment 201',
        'DELETE /api/articles/{slug}/comments/{id} DeleteArticleComment 204',
        'GET /api/tags GetTags 200',
        'GET /health/live GetLiveness 200',
        'GET /health GetReadiness 200',
      ].sort(),
    );
  });

  it('should document the list queries and the optional auth of public reads', () => {
    const list = doc.paths['/api/articles'].get;
    const parameters = (list?.parameters ?? []) as { name: string; in: string }[];

    expect(
      parameters
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['author', 'favorited', 'limit', 'offset', 'tag']);
    expect(list?.security).toEqual([{}, { Bearer: [] }, { Token: [] }]);
    expect(doc.paths['/api/tags'].get?.security).toBeUndefined();
    expect(doc.paths['/api/articles/{slug}'].delete?.responses).toEqual(
      expect.objectContaining({
        '204': expect.anything(),
        '401': expect.anything(),
        '403': expect.anything(),
        '404': expect.anything(),
      }),
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
