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

/** The API.md error shape with exactly these messages, or messages matching. */
export const errorShape = (...messages: (string | RegExp)[]) => ({
  errors: { body: messages.map((m) => (typeof m === 'string' ? m : expect.stringMatching(m))) },
});
