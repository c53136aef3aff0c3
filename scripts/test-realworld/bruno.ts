// One folder of the RealWorld Bruno collection run with bru, its JSON report read back, and what a
// failed request expected printed.
import { ChildProcess, execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/processes';

const bruBin = path.join(ROOT, 'node_modules/.bin/bru');
const BRU_TIMEOUT_MS = 120_000;

interface CheckResult {
  status: string;
  lhsExpr?: string;
  rhsExpr?: string;
  description?: string;
  error?: string;
  isScriptError?: boolean;
}

/** One request of bru's report (the fields used here). */
export interface RequestResult {
  path: string;
  name: string;
  status?: string;
  error?: string;
  response?: { status?: number | string; data?: unknown };
  test?: { filename?: string };
  assertionResults?: CheckResult[];
  testResults?: CheckResult[];
  preRequestTestResults?: CheckResult[];
  postResponseTestResults?: CheckResult[];
}

/** The report is an array of iterations (one here), each with its results and a summary. */
export interface Iteration {
  results: RequestResult[];
  summary: { totalRequests: number; passedRequests: number };
}

export interface FolderRun {
  error: (Error & { killed?: boolean }) | null;
  output: string;
  /** Undefined when bru wrote no report. */
  iterations: Iteration[] | undefined;
}

export class Bruno {
  /** The bru run in progress, killed by `stop()`. */
  private running: ChildProcess | undefined;

  /**
   * @param dir the collection (only read)
   * @param reports where the JSON reports go
   */
  constructor(
    readonly dir: string,
    private readonly reports: string,
  ) {}

  /** Every folder but environments/, in order. */
  folders(): string[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'environments')
      .map((entry) => entry.name)
      .sort();
  }

  /** One folder against `baseUrl`; `report` names its report file. */
  runFolder(report: string, folder: string, baseUrl: string): Promise<FolderRun> {
    const file = path.join(this.reports, `${report}-${folder}.json`);
    const args = ['run', folder, '--env', 'local', '--env-var', `host=${baseUrl}`, '--sandbox', 'safe'];
    args.push('--reporter-json', file, '--reporter-skip-all-headers');
    return new Promise((resolve) => {
      this.running = execFile(
        bruBin,
        args,
        { cwd: this.dir, timeout: BRU_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          this.running = undefined;
          const iterations = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Iteration[]) : undefined;
          resolve({ error, output: `${stdout}${stderr}`, iterations });
        },
      );
    });
  }

  /** Ends the run in progress at once. */
  stop(): void {
    this.running?.kill('SIGKILL');
  }

  /** What a failed request checked and got, as lines to log. */
  describeFailure(result: RequestResult): string[] {
    const status = result.response?.status;
    const lines = [`  ✗ ${result.path}.bru "${result.name}" → ${status ?? 'no response'}`];
    for (const check of failedChecks(result)) {
      const what = check.lhsExpr ? `assert ${check.lhsExpr} ${check.rhsExpr}` : check.description;
      lines.push(`      ${what}: ${check.error ?? check.status}`);
    }
    if (result.error) {
      lines.push(`      error: ${result.error}`);
    }
    // The safe sandbox reports a failed `expect` on a missing field only as "cannot read property of
    // undefined": show what the script expects.
    if (result.test?.filename && failedChecks(result).some((check) => check.isScriptError)) {
      const file = readFileSync(path.join(this.dir, result.test.filename), 'utf8');
      const script = file.split('script:post-response')[1] ?? '';
      for (const line of script.match(/^\s*expect\(.*$/gm)?.slice(0, 3) ?? []) {
        lines.push(`      script: ${line.trim()}`);
      }
    }
    if (result.response?.data !== undefined && status !== 'skipped') {
      const body = JSON.stringify(result.response.data);
      lines.push(`      body: ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`);
    }
    return lines;
  }
}

/** Bru's own rule (getRunnerSummary): a request passes when it has no error and every check passed. */
const failedChecks = (result: RequestResult): CheckResult[] =>
  (['assertionResults', 'testResults', 'preRequestTestResults', 'postResponseTestResults'] as const)
    .flatMap((key) => result[key] ?? [])
    .filter((check) => check.status !== 'pass');

export const requestFailed = (result: RequestResult): boolean =>
  result.status === 'error' || failedChecks(result).length > 0;
