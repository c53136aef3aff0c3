import { randomBytes } from 'node:crypto';
import { NewUser } from '../../src/users/user.dto';

let sequence = 0;

/** A unique suffix: tests never share users, so no truncation and no ordering between them. */
export const unique = (): string => `${(++sequence).toString(36)}${randomBytes(3).toString('hex')}`;

export const aUser = (overrides: Partial<NewUser> = {}): NewUser => {
  const id = unique();
  return { username: `user_${id}`, email: `user_${id}@example.com`, password: 'correct horse battery', ...overrides };
};
