import { randomBytes } from 'node:crypto';
import { NewUser } from '../../src/users/user.dto';

let sequence = 0;

/** A unique suffix: tests never share users, so no truncation and no ordering between them. */
export const unique = (): string => `${(++sequence).toString(36)}${randomBytes(3).toString('hex')}`;

export const aUser = (overrides: Partial<NewUser> = {}): NewUser => {
  const id = unique();
  return { username: `user_${id}`, email: `user_${id}@example.com`, password: 'correct horse battery', ...overrides };
};

export interface ArticleFields {
  title: string;
  description: string;
  body: string;
  tagList?: string[];
}

/**
 * The `article` of a valid `POST /api/articles` body with a unique title. Overrides may be anything,
 * even values the API refuses, so that validation tests start from a valid body too.
 */
export const anArticle = (overrides: Record<string, unknown> = {}): ArticleFields & Record<string, unknown> => ({
  title: `How to train your dragon ${unique()}`,
  description: 'Ever wonder how?',
  body: 'You have to believe',
  ...overrides,
});

/** The `comment` of a valid `POST /api/articles/:slug/comments` body. */
export const aComment = (overrides: Record<string, unknown> = {}): { body: string } & Record<string, unknown> => ({
  body: `Nice ${unique()}`,
  ...overrides,
});
