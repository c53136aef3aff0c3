import { NestExpressApplication } from '@nestjs/platform-express';
import { api, createArticle, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';

describe('Tags (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const write = async (author: RegisteredUser, tagList: string[]) =>
    (await createArticle(app, author, { tagList })).slug;

  const tags = async (): Promise<string[]> => (await api(app).get('/api/tags').expect(200)).body.tags;

  it('should list tags in use, trimmed and lowercased, most used first', async () => {
    const author = await registerUser(app);
    const popular = `pop${unique()}`;
    const rare = `rare${unique()}`;
    // Both well used, so they stay inside the 100 listed on a database other tests share.
    for (let i = 0; i < 12; i++) {
      await write(author, [popular, ...(i === 0 ? [] : [` ${rare.toUpperCase()} `])]);
    }

    const list = await tags();

    expect(list).toEqual(expect.arrayContaining([popular, rare]));
    expect(list.indexOf(popular)).toBeLessThan(list.indexOf(rare));
    expect(list.length).toBeLessThanOrEqual(100);
  });

  it('should order tags used equally by name', async () => {
    const author = await registerUser(app);
    const id = unique();
    for (let i = 0; i < 11; i++) {
      await write(author, [`zz${id}`, `aa${id}`]);
    }

    const list = await tags();

    expect(list.indexOf(`aa${id}`)).toBeLessThan(list.indexOf(`zz${id}`));
  });

  it('should drop a tag no article uses any more', async () => {
    const author = await registerUser(app);
    const gone = `gone${unique()}`;
    const replaced = `replaced${unique()}`;
    const slug = await write(author, [gone]);
    const other = await write(author, [replaced]);

    await api(app).delete(`/api/articles/${slug}`, author.token).expect(204);
    await api(app)
      .put(`/api/articles/${other}`, author.token)
      .send({ article: { tagList: ['kept'] } })
      .expect(200);

    expect(await tags()).not.toEqual(expect.arrayContaining([gone]));
    expect(await tags()).not.toEqual(expect.arrayContaining([replaced]));
  });

  it('should answer without a token and reject an invalid one', async () => {
    await api(app).get('/api/tags').expect(200);
    await api(app).get('/api/tags', 'not-a-jwt').expect(401);
  });
});
