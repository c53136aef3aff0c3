// Which scenarios the floor serves, and the bench's check, before it measures anything, that the
// floor answers each read scenario's requests exactly as the server does: a floor that answered
// less would make the "× floor" ratio flatter the server.
import type { Request } from 'autocannon';
import type { ScenarioData } from '../messages';
import { READS, requestsFor, Scenario, WRITES } from '../scenarios';

/** The scenarios measured against the floor too: every read and the two article writes. */
export const FLOORED: readonly Scenario[] = [...READS, ...WRITES];

/** How many of the requests made one per call (setupRequest) are checked. */
const SAMPLES = 3;

interface Call {
  path: string;
  headers: Record<string, string>;
}

/** Each request of a read scenario, as sent and with the token toggled (added, or taken away). */
function callsOf(scenario: Scenario, data: ScenarioData): Call[] {
  return requestsFor(scenario, data).flatMap((request) => {
    const setup = request.setupRequest;
    const made: Request[] =
      typeof setup === 'function' ? Array.from({ length: SAMPLES }, () => setup({ ...request }, {})) : [request];
    return made.flatMap((sent) => {
      const headers = { ...(sent.headers ?? {}) } as Record<string, string>;
      const { authorization, ...anonymous } = headers;
      const toggled = authorization ? anonymous : { ...headers, authorization: `Token ${data.feedToken}` };
      return [
        { path: sent.path ?? '/', headers },
        { path: sent.path ?? '/', headers: toggled },
      ];
    });
  });
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

async function answer(url: string, call: Call): Promise<Answer> {
  const res = await fetch(`${url}${call.path}`, { headers: call.headers });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

/** Where two bodies part, with some context from each. */
function difference(ours: string, floor: string): string {
  let at = 0;
  while (at < ours.length && ours[at] === floor[at]) {
    at++;
  }
  const from = Math.max(0, at - 80);
  return `from character ${at}:\n  ours:  …${ours.slice(from, at + 80)}…\n  floor: …${floor.slice(from, at + 80)}…`;
}

/**
 * Throws, naming the request and the first difference, unless the floor answers every request of
 * the read scenarios among `scenarios` with the server's status, content type and body; answers
 * how many requests it compared.
 */
export async function requireSameAnswers(
  oursUrl: string,
  floorUrl: string,
  scenarios: readonly Scenario[],
  data: ScenarioData,
): Promise<number> {
  let compared = 0;
  for (const scenario of scenarios.filter((name) => READS.includes(name))) {
    for (const call of callsOf(scenario, data)) {
      const [ours, floor] = [await answer(oursUrl, call), await answer(floorUrl, call)];
      compared++;
      if (ours.status !== floor.status || ours.contentType !== floor.contentType || ours.body !== floor.body) {
        const who = call.headers.authorization ? 'signed in' : 'anonymous';
        throw new Error(
          `the floor answers ${scenario}'s GET ${call.path} (${who}) unlike the server: ` +
            `status ${ours.status} / ${floor.status}, content type ${ours.contentType} / ${floor.contentType}, body ` +
            difference(ours.body, floor.body),
        );
      }
    }
  }
  return compared;
}
