// a. A token issued by one instance is accepted by the other (same JWT_SECRET, stateless auth).
import { randomUUID } from 'node:crypto';
import type { UserResponse } from '../../src/users/user.dto';
import { apiRequest } from '../lib/http';
import { HostsContext } from './context';

/** Answers a token issued by instance A. */
export async function tokensAcrossInstances({ hosts, test }: HostsContext): Promise<string> {
  const [a, b] = hosts;
  const tokens: string[] = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ]) {
    const user = {
      username: `hosts-${from.name.toLowerCase()}-${randomUUID().slice(0, 8)}`,
      email: `${randomUUID()}@example.com`,
      password: 'hosts-test-password',
    };
    const registered = await apiRequest<UserResponse>(from.url, 'POST', '/api/users', { body: { user } });
    test.check(registered.status === 201, `a. registered ${user.username} through instance ${from.name} directly`);
    const token = registered.body.user.token;
    const me = await apiRequest<Partial<UserResponse> | undefined>(to.url, 'GET', '/api/user', { token });
    test.check(
      me.status === 200 && me.body?.user?.username === user.username,
      `a. instance ${to.name} accepts the token issued by ${from.name}: GET /api/user = ${me.status}, ${me.body?.user?.username}`,
    );
    tokens.push(token);
  }
  return tokens[0];
}
