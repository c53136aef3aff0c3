// The HTTP requests of each benchmark scenario, for autocannon (load.ts). `data` comes from the
// seeded database (fixtures.ts). The order here is the order the scenarios run in.
import type { Request } from 'autocannon';
import type { ScenarioData } from './messages';

const auth = (token: string) => ({ authorization: `Token ${token}` });
const json = (token?: string) => ({ 'content-type': 'application/json', ...(token ? auth(token) : {}) });
const get = (path: string, token?: string): Request[] => [
  { method: 'GET', path, ...(token ? { headers: auth(token) } : {}) },
];

/** A request per call: `make(i)` for the i-th request of this load generator. */
const each = (base: Request, make: (i: number) => Request): Request[] => {
  let n = 0;
  return [{ ...base, setupRequest: (request) => ({ ...request, ...make(n++) }) }];
};

const SCENARIO_REQUESTS = {
  bare: () => get('/ping'),
  health: () => get('/health/live'),
  articles: () => get('/api/articles'),
  'by-tag': (data) => get(`/api/articles?tag=${encodeURIComponent(data.tag)}`),
  'by-author': (data) => get(`/api/articles?author=${encodeURIComponent(data.author)}`),
  'by-favorited': (data) => get(`/api/articles?favorited=${encodeURIComponent(data.favoriter)}`),
  'deep-page': () => get('/api/articles?offset=10000'),
  feed: (data) => get('/api/articles/feed', data.feedToken),
  'feed-few': (data) => get('/api/articles/feed', data.feedFewToken),
  article: (data) => each({ method: 'GET' }, (i) => ({ path: `/api/articles/${data.slugs[i % data.slugs.length]}` })),
  comments: (data) => get(`/api/articles/${data.busySlug}/comments`),
  profile: (data) => get(`/api/profiles/${encodeURIComponent(data.author)}`, data.feedToken),
  tags: () => get('/api/tags'),
  login: (data) =>
    each({ method: 'POST', headers: json() }, (i) => ({
      path: '/api/users/login',
      body: JSON.stringify({ user: { email: data.emails[i % data.emails.length], password: data.password } }),
    })),
  'create-article': (data) =>
    each({ method: 'POST' }, (i) => ({
      path: '/api/articles',
      headers: json(data.tokens[i % data.tokens.length]),
      body: JSON.stringify({
        article: {
          title: `Benchmark article ${process.pid}-${i}`,
          description: 'Written by the benchmark',
          body: 'A body of a reasonable length for an article written under load. '.repeat(4),
          tagList: ['bench', `tag${(i % 50) + 1}`],
        },
      }),
    })),
  // Every token favorites every slug once, in turn, so no favorite is a repeat.
  favorite: (data) =>
    each({ method: 'POST' }, (i) => ({
      path: `/api/articles/${data.slugs[i % data.slugs.length]}/favorite`,
      headers: auth(data.tokens[Math.floor(i / data.slugs.length) % data.tokens.length]),
    })),
} satisfies Record<string, (data: ScenarioData) => Request[]>;

export type Scenario = keyof typeof SCENARIO_REQUESTS;

export const SCENARIOS = Object.keys(SCENARIO_REQUESTS) as Scenario[];
export const READS: Scenario[] = [
  'articles',
  'by-tag',
  'by-author',
  'by-favorited',
  'deep-page',
  'feed',
  'feed-few',
  'article',
  'comments',
  'profile',
  'tags',
];
export const WRITES: Scenario[] = ['create-article', 'favorite'];

export const isScenario = (name: string): name is Scenario => Object.hasOwn(SCENARIO_REQUESTS, name);

export const requestsFor = (scenario: Scenario, data: ScenarioData): Request[] => SCENARIO_REQUESTS[scenario](data);
