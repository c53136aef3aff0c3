// The load generator (load.ts) and the probe (probe.ts), each run in a process of its own for one
// scenario: one message in, one message of figures back.
import { fork } from 'node:child_process';
import path from 'node:path';
import { LoadRequest, LoadResult, ProbeRequest, ProbeResult } from './messages';

function runChild<Result>(file: string, request: LoadRequest | ProbeRequest, what: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, file), { stdio: 'inherit' });
    child.once('message', (message) => resolve(message as Result));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${what} exited ${code}`)));
    child.send(request);
  });
}

export const runLoad = (request: LoadRequest): Promise<LoadResult> =>
  runChild('load.js', request, `load generator for ${request.scenario}`);

export const runProbe = (request: ProbeRequest): Promise<ProbeResult> =>
  runChild('probe.js', request, `probe of ${request.path}`);
