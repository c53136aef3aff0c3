import { NestExpressApplication } from '@nestjs/platform-express';
import { decode, JwtHeader, JwtPayload, sign } from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { createArticle, createComment, registerUser, RegisteredUser } from '../api';
import { Auth, FixtureRef } from './requests';

export interface FixtureUser extends RegisteredUser {
  id: number;
}

/** A user id no test database reaches: a correctly signed token for it names nobody. */
const UNKNOWN_USER_ID = '987654321';

/**
 * The data the fuzzed requests aim at: alice and bob, an article each, and a comment of each on
 * alice's article. A request may delete or rename any of it; `resolve` looks the current value up
 * and recreates what is gone, recording that in `recreated` so the caller knows the data moved.
 */
export class Fixtures {
  recreated = false;
  private readonly articleIds = new Map<'alice' | 'bob', number>();
  private readonly commentIds = new Map<'alice' | 'bob', number>();

  private constructor(
    private readonly app: NestExpressApplication,
    private readonly dataSource: DataSource,
    readonly alice: FixtureUser,
    readonly bob: FixtureUser,
    readonly carol: FixtureUser,
  ) {}

  static async create(app: NestExpressApplication, dataSource: DataSource): Promise<Fixtures> {
    const register = async (name: string): Promise<FixtureUser> => {
      const user = await registerUser(app, { username: `fuzz_${name}`, email: `fuzz_${name}@example.com` });
      const [row] = await dataSource.query<{ id: number }[]>('SELECT id FROM users WHERE username = ?', [
        user.username,
      ]);
      return { ...user, id: Number(row.id) };
    };
    const alice = await register('alice');
    const bob = await register('bob');
    const carol = await register('carol');
    return new Fixtures(app, dataSource, alice, bob, carol);
  }

  /** The current value of a fixture, as a path segment (not yet encoded). */
  async resolve(ref: FixtureRef): Promise<string> {
    switch (ref) {
      case 'aliceSlug':
        return this.slugOf('alice');
      case 'bobSlug':
        return this.slugOf('bob');
      case 'aliceCommentId':
        return String(await this.commentOf('alice'));
      case 'bobCommentId':
        return String(await this.commentOf('bob'));
      case 'aliceName':
        return this.usernameOf(this.alice);
      case 'bobName':
        return this.usernameOf(this.bob);
    }
  }

  auth(user: FixtureUser): Auth {
    return { kind: 'valid', label: `${user.username}'s token`, header: `Token ${user.token}` };
  }

  /**
   * Tokens that must never be accepted, made from alice's real one: garbage, other schemes, `alg: none`,
   * tampered, expired, signed with another key or algorithm, impossible claims; plus a correctly signed
   * token for a user that does not exist.
   */
  hostileAuths(secret: string): Auth[] {
    const token = this.alice.token;
    const [header, payload, signature] = token.split('.');
    const { header: jose, payload: claims } = decode(token, { complete: true }) as {
      header: JwtHeader;
      payload: JwtPayload;
    };
    const now = Math.floor(Date.now() / 1000);
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    /** Alice's claims with `changes`, signed with `key`, keeping the server's header (its `kid`). */
    const resign = (changes: object, key = secret, algorithm: 'HS256' | 'HS512' = 'HS256', keyid = jose.kid) =>
      sign({ ...claims, ...changes }, key, { algorithm, ...(keyid === undefined ? {} : { keyid }) });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const invalid = (label: string, value: string): Auth => ({ kind: 'invalid', label, header: value });
    return [
      invalid('garbage token', 'Token garbage'),
      invalid('three dots', 'Token ...'),
      invalid('not a JWT', 'Token not.a.jwt'),
      invalid('empty token', 'Token '),
      invalid('scheme alone', 'Bearer'),
      invalid('no scheme', token),
      invalid('Basic scheme', `Basic ${Buffer.from(`${this.alice.email}:${this.alice.password}`).toString('base64')}`),
      invalid('Digest scheme', 'Digest username="alice", realm="conduit", response="00"'),
      invalid('two tokens', `Token ${token} ${token}`),
      invalid('two headers joined', `Token ${token}, Bearer ${token}`),
      invalid('extra segment', `Token ${token}.e30`),
      invalid('huge token', `Token ${'a'.repeat(1500)}.${'b'.repeat(1500)}.c`),
      invalid('alg none', `Token ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`),
      invalid('alg None, signature kept', `Bearer ${base64url({ alg: 'None', typ: 'JWT' })}.${payload}.${signature}`),
      invalid('tampered signature', `Token ${header}.${payload}.${flipped}`),
      invalid('tampered payload', `Token ${header}.${base64url({ ...claims, sub: String(this.bob.id) })}.${signature}`),
      invalid('expired', `Token ${resign({ iat: now - 7200, exp: now - 60 })}`),
      invalid('not yet valid', `Token ${resign({ nbf: now + 3600 })}`),
      invalid('another secret', `Token ${resign({}, 'another-secret-that-is-long-enough-too')}`),
      invalid('HS512 with the secret', `Token ${resign({}, secret, 'HS512')}`),
      invalid('unknown key id', `Token ${resign({}, secret, 'HS256', 'no-such-key')}`),
      invalid('key id "__proto__"', `Token ${resign({}, secret, 'HS256', '__proto__')}`),
      invalid('key id "../../etc/passwd"', `Token ${resign({}, secret, 'HS256', '../../etc/passwd')}`),
      invalid('subject "admin"', `Token ${resign({ sub: 'admin' })}`),
      invalid('subject -1', `Token ${resign({ sub: '-1' })}`),
      invalid('subject 0', `Token ${resign({ sub: '0' })}`),
      invalid('subject 1e30', `Token ${resign({ sub: '1e30' })}`),
      invalid('numeric username claim', `Token ${resign({ username: 12345 })}`),
      { kind: 'unknownUser', label: 'unknown user', header: `Token ${resign({ sub: UNKNOWN_USER_ID })}` },
    ];
  }

  private async usernameOf(user: FixtureUser): Promise<string> {
    const [row] = await this.dataSource.query<{ username: string }[]>('SELECT username FROM users WHERE id = ?', [
      user.id,
    ]);
    return row.username;
  }

  private async slugOf(owner: 'alice' | 'bob'): Promise<string> {
    const id = this.articleIds.get(owner);
    if (id !== undefined) {
      const [row] = await this.dataSource.query<{ slug: string }[]>('SELECT slug FROM articles WHERE id = ?', [id]);
      if (row) {
        return row.slug;
      }
    }
    const { slug } = await createArticle(this.app, this[owner], {
      title: `${owner}'s fuzz target`,
      description: 'aimed at',
      body: 'by the fuzzer',
      tagList: ['fuzz'],
    });
    const [row] = await this.dataSource.query<{ id: number }[]>('SELECT id FROM articles WHERE slug = ?', [slug]);
    this.articleIds.set(owner, Number(row.id));
    this.recreated = true;
    return slug;
  }

  /** Both comments are on alice's article. */
  private async commentOf(author: 'alice' | 'bob'): Promise<number> {
    const slug = await this.slugOf('alice');
    const id = this.commentIds.get(author);
    if (id !== undefined) {
      const [row] = await this.dataSource.query<{ id: number }[]>(
        'SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ? AND a.slug = ?',
        [id, slug],
      );
      if (row) {
        return id;
      }
    }
    const created = (await createComment(this.app, slug, this[author], { body: `${author}'s fuzz target` })).id;
    this.commentIds.set(author, created);
    this.recreated = true;
    return created;
  }
}
