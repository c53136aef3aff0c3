import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { withDataSource } from '../../src/database/backup/connection';
import { locationEnvironment, parseDatabaseUrl } from '../../src/database/backup/database-url';
import { databaseDigests, Digests } from '../../src/database/backup/digest';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { api, createArticle, createComment, follow, registerUser, RegisteredUser } from './api';
import { createTestApp } from './create-test-app';
import { withEnv } from './env';
import { Scratch } from './scratch';

/** The MySQL/MariaDB server of DB_HOST, which every `db:copy` spec needs whatever DB_TYPE the suite runs with. */
export const server = parseEnv(process.env);
export const SCHEME = server.DB_TYPE === 'mysql' ? 'mysql' : 'mariadb';
export const serverUrl = (database: string) =>
  `${SCHEME}://${encodeURIComponent(server.DB_USER)}:${encodeURIComponent(server.DB_PASSWORD)}@${server.DB_HOST}:${server.DB_PORT}/${database}`;

/** The variables that make an app (createTestApp) run on this database of the server. */
export const serverEnv = (database: string) => ({
  DB_TYPE: SCHEME,
  DB_HOST: server.DB_HOST,
  DB_PORT: String(server.DB_PORT),
  DB_USER: server.DB_USER,
  DB_PASSWORD: server.DB_PASSWORD,
  DB_NAME: database,
  DB_MIGRATIONS_RUN: 'false',
  DB_READ_HOSTS: undefined,
  E2E_REPLICA_SYNC: undefined,
});

/** Runs `body` on a connection to the database a URL names, with the app's settings. */
export const withDatabase = <T>(url: string, body: (dataSource: DataSource) => Promise<T>): Promise<T> =>
  withDataSource({ ...buildDataSourceOptions(locationEnvironment(parseDatabaseUrl(url))), logging: false }, body);

export const digestsOf = (url: string): Promise<Digests> => withDatabase(url, databaseDigests);

/**
 * The SQLite file the `db:copy` specs copy from, in a temporary folder: `CopySource.setUp()` registers
 * the hooks that fill it through the real app, and remove it and every database made with
 * `newServerDatabase` afterwards.
 */
export class CopySource extends Scratch {
  sourcePath!: string;
  /** `sqlite:<sourcePath>`, the source's URL. */
  source!: string;
  alice!: RegisteredUser;
  bob!: RegisteredUser;
  /** Ids the source gave and then deleted: a copy must never hand them out again. */
  deletedArticleId!: number;
  deletedCommentId!: number;

  private constructor() {
    super('conduit-copy-');
  }

  static setUp(): CopySource {
    return Scratch.register(new CopySource());
  }

  protected async fill(): Promise<void> {
    this.sourcePath = join(this.dir, 'source.sqlite');
    this.source = `sqlite:${this.sourcePath}`;
    await withEnv(
      { DB_TYPE: 'sqlite', DB_PATH: this.sourcePath, DB_MIGRATIONS_RUN: 'true', DB_READ_HOSTS: undefined },
      async () => {
        const app = await createTestApp();
        try {
          await this.fillThroughApi(app);
        } finally {
          await app.close();
        }
      },
    );
  }

  /** Users, follows, articles with tags, favorites and comments, through the API. */
  private async fillThroughApi(app: INestApplication): Promise<void> {
    const call = api(app);
    const alice = (this.alice = await registerUser(app, { username: 'alice_copy' }));
    const bob = (this.bob = await registerUser(app, { username: 'bob_copy' }));
    const carol = await registerUser(app, { username: 'carol_copy' });
    const dave = await registerUser(app, { username: 'dave_copy' });
    await call
      .put('/api/user', alice.token)
      .send({
        user: { bio: 'Ich mag Käse 🧀, 中文 and "quotes" \\ back\\slash', image: 'https://example.com/a.png' },
      })
      .expect(200);
    await call
      .put('/api/user', carol.token)
      .send({ user: { bio: "it's\ttabbed\nand multi-line" } })
      .expect(200);

    for (const [fan, star] of [
      [bob, alice],
      [carol, alice],
      [dave, alice],
      [alice, bob],
    ]) {
      await follow(app, fan, star);
    }

    const write = async (author: RegisteredUser, title: string, tagList: string[], body = 'Body 🐉') =>
      (await createArticle(app, author, { title, description: `About ${title}`, body, tagList })).slug;
    const dragons = await write(alice, 'Dragons 🐉 über alles', ['dragons', 'café', '🐉', 'ünïcödé']);
    const training = await write(alice, 'Training', ['dragons', 'training']);
    await write(alice, 'Long', [], `${'A long body line, with ünïcödé 🐉.\n'.repeat(400)}`);
    const bobs = await write(bob, 'Bob writes', ['training']);
    await write(carol, 'Carol writes', ['café']);
    await call
      .put(`/api/articles/${training}`, alice.token)
      .send({ article: { body: 'Edited later' } })
      .expect(200);

    for (const [fan, slug] of [
      [bob, dragons],
      [carol, dragons],
      [dave, dragons],
      [bob, training],
      [alice, bobs],
    ] as const) {
      await call.post(`/api/articles/${slug}/favorite`, fan.token).expect(200);
    }
    await call.delete(`/api/articles/${training}/favorite`, bob.token).expect(200);

    for (const [who, body] of [
      [bob, 'First! 🎉'],
      [carol, 'Straße, naïve, 日本語'],
      [alice, 'Thanks'],
    ] as const) {
      await createComment(app, dragons, who, { body });
    }
    this.deletedCommentId = (await createComment(app, bobs, dave, { body: 'to be deleted' })).id;
    await call.delete(`/api/articles/${bobs}/comments/${this.deletedCommentId}`, dave.token).expect(204);

    // The newest article goes, with its tag, favorite and comment: the sequences run past the largest ids.
    const doomed = await write(dave, 'Doomed', ['doomed']);
    await call.post(`/api/articles/${doomed}/favorite`, alice.token).expect(200);
    await createComment(app, doomed, alice, { body: 'gone' });
    this.deletedArticleId = (await app.get(DataSource).query('SELECT MAX(id) AS id FROM articles'))[0].id as number;
    await call.delete(`/api/articles/${doomed}`, dave.token).expect(204);
  }
}
