// What the scripted tests (test:pm2, test:replication, test:hosts) share: a log line tagged with the
// test's name, a check that fails the test with its message, and a poll with a deadline.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @param {string} name the tag of every line, e.g. `test:pm2`
 * @param {{ stopping?: () => boolean }} options `stopping`: when it answers true, waits end at once
 */
export function scriptTest(name, { stopping = () => false } = {}) {
  const log = (message) => console.log(`[${name}] ${message}`);

  function check(condition, message) {
    if (!condition) {
      throw new Error(`FAILED: ${message}`);
    }
    log(`ok - ${message}`);
  }

  /** Polls `probe` every 100 ms until it answers truthy; throws with its last error after `timeoutMs`. */
  async function waitFor(what, probe, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      if (stopping()) {
        throw new Error(`stopped waiting for ${what}: the test is stopping`);
      }
      try {
        if (await probe()) {
          return;
        }
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
  }

  return { log, check, waitFor };
}

/**
 * One API call with fetch: a JSON body out, an optional token and headers, a 10 s timeout. A JSON
 * answer comes back parsed (malformed JSON throws); any other (the metrics' text) as its text.
 */
export async function apiRequest(baseUrl, method, url, { token, body, headers = {} } = {}) {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Token ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: text && json ? JSON.parse(text) : text || undefined, headers: res.headers };
}
