// One benchmark scenario, run by scripts/bench.mjs in a process of its own so the load generator
// does not share an event loop with anything it measures. Receives the scenario over IPC, drives it
// with autocannon, and sends back the figures.
import autocannon from 'autocannon';

/** The HTTP requests of each scenario; `data` comes from the seeded database (scripts/bench.mjs). */
function requestsFor(scenario, data) {
  const auth = (token) => ({ authorization: `Token ${token}` });
  const json = (token) => ({ 'content-type': 'application/json', ...(token ? auth(token) : {}) });
  let n = 0;
  const next = (list) => list[n++ % list.length];
  switch (scenario) {
    case 'bare':
      return [{ method: 'GET', path: '/ping' }];
    case 'health':
      return [{ method: 'GET', path: '/health/live' }];
    case 'articles':
      return [{ method: 'GET', path: '/api/articles' }];
    case 'by-tag':
      return [{ method: 'GET', path: `/api/articles?tag=${encodeURIComponent(data.tag)}` }];
    case 'by-author':
      return [{ method: 'GET', path: `/api/articles?author=${encodeURIComponent(data.author)}` }];
    case 'by-favorited':
      return [{ method: 'GET', path: `/api/articles?favorited=${encodeURIComponent(data.favoriter)}` }];
    case 'deep-page':
      return [{ method: 'GET', path: '/api/articles?offset=10000' }];
    case 'feed':
      return [{ method: 'GET', path: '/api/articles/feed', headers: auth(data.feedToken) }];
    case 'article':
      return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/articles/${next(data.slugs)}` }) }];
    case 'comments':
      return [{ method: 'GET', path: `/api/articles/${data.busySlug}/comments` }];
    case 'profile':
      return [
        { method: 'GET', path: `/api/profiles/${encodeURIComponent(data.author)}`, headers: auth(data.feedToken) },
      ];
    case 'tags':
      return [{ method: 'GET', path: '/api/tags' }];
    case 'login':
      return [
        {
          method: 'POST',
          headers: json(),
          setupRequest: (req) => ({
            ...req,
            path: '/api/users/login',
            body: JSON.stringify({ user: { email: next(data.emails), password: data.password } }),
          }),
        },
      ];
    case 'create-article':
      return [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
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
            };
          },
        },
      ];
    case 'favorite':
      return [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
              path: `/api/articles/${data.slugs[i % data.slugs.length]}/favorite`,
              headers: auth(data.tokens[Math.floor(i / data.slugs.length) % data.tokens.length]),
            };
          },
        },
      ];
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

process.once('message', async ({ url, scenario, data, connections, duration }) => {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    requests: requestsFor(scenario, data),
  });
  process.send({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    loadCpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuBefore)),
  });
  process.exit(0);
});
