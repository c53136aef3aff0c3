import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { NewUser } from '../../src/users/user.dto';
import { aUser } from './factories';

type Method = 'get' | 'post' | 'put' | 'delete';

/** supertest on the app, with `Authorization: Token <token>` when a token is given. */
export function api(app: INestApplication) {
  const call = (method: Method, path: string, token?: string) => {
    const req = request(app.getHttpServer())[method](path);
    return token ? req.set('Authorization', `Token ${token}`) : req;
  };
  return {
    get: (path: string, token?: string) => call('get', path, token),
    post: (path: string, token?: string) => call('post', path, token),
    put: (path: string, token?: string) => call('put', path, token),
    delete: (path: string, token?: string) => call('delete', path, token),
  };
}

export interface RegisteredUser extends NewUser {
  token: string;
}

/** Registers a fresh user over HTTP and returns its credentials and token. */
export async function registerUser(app: INestApplication, overrides: Partial<NewUser> = {}): Promise<RegisteredUser> {
  const user = aUser(overrides);
  const res = await api(app).post('/api/users').send({ user }).expect(201);
  return { ...user, token: (res.body as { user: { token: string } }).user.token };
}

type Message = string | RegExp;

/**
 * The API.md error shape with exactly these keys, each with exactly these messages (or messages
 * matching): `errorShape({ email: 'has already been taken' })`.
 */
export const errorShape = (errors: Record<string, Message | Message[]>) => ({
  errors: Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [
      key,
      (Array.isArray(messages) ? messages : [messages]).map((m) =>
        typeof m === 'string' ? m : expect.stringMatching(m),
      ),
    ]),
  ),
});
