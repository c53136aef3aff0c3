import { HashingBusyError, HashingLane, HashRequest } from './hashing-lane';
import { HashingLimits, HashingOperation, HashingPolicy } from './hashing-policy';
import { HashingProcessError, HashingWorker } from './hashing-process';

type Held = {
  operation: HashingOperation;
  args: unknown[];
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
};

/** A hashing process that answers when the test says so. */
class FakeWorker implements HashingWorker {
  alive = true;
  readonly held = new Map<number, Held>();
  readonly cancelled: number[] = [];

  request(id: number, operation: HashingOperation, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.held.set(id, { operation, args, resolve, reject }));
  }

  cancel(id: number): void {
    this.cancelled.push(id);
  }

  close(): Promise<void> {
    this.alive = false;
    return Promise.resolve();
  }

  answer(id: number, result: unknown = `hash ${id}`): void {
    this.held.get(id)?.resolve(result);
  }

  fail(id: number, outcome: HashingProcessError['outcome'], message: string = outcome): void {
    this.held.get(id)?.reject(new HashingProcessError(outcome, message));
  }

  die(): void {
    this.alive = false;
    for (const id of this.held.keys()) {
      this.fail(id, 'lost', 'the password-hashing process exited (SIGKILL)');
    }
  }
}

const LIMITS: HashingLimits = { concurrency: 1, queuePerSlot: 2, deadlineMs: 500, starvedAfterMs: 1_000 };

function laneWith(limits: Partial<HashingLimits> = {}) {
  const workers: FakeWorker[] = [];
  const fallback = jest.fn((operation: HashingOperation, args: unknown[]) =>
    Promise.resolve(`fallback ${operation} ${String(args[0])}`),
  );
  const policy = new HashingPolicy<HashRequest>({ ...LIMITS, ...limits });
  const lane = new HashingLane(policy, () => workers[workers.push(new FakeWorker()) - 1], fallback);
  return { lane, policy, workers, fallback, worker: () => workers[workers.length - 1] };
}

describe(HashingLane.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("should answer with the process's result and free the request's place", async () => {
    const { lane, policy, worker } = laneWith();
    const answer = lane.submit('hash', ['password']);

    worker().answer(1, 'the hash');

    await expect(answer).resolves.toBe('the hash');
    expect(policy.stats()).toEqual({ held: 0, rescued: 0, refused: 0 });
  });

  it('should start the process on warm-up or first use, once, and again after it dies', async () => {
    const { lane, workers, worker } = laneWith();
    lane.warmUp();
    const interrupted = lane.submit('hash', ['interrupted']);
    expect(workers).toHaveLength(1);

    worker().die();
    await expect(interrupted).rejects.toThrow('the password-hashing process exited (SIGKILL)');
    const next = lane.submit('hash', ['after a crash']);
    worker().answer(2);

    await expect(next).resolves.toBe('hash 2');
    expect(workers).toHaveLength(2);
  });

  it('should refuse with HashingBusyError a request the policy has no room for', async () => {
    const { lane } = laneWith();
    void lane.submit('hash', ['a']);
    void lane.submit('hash', ['b']);

    await expect(lane.submit('hash', ['c'])).rejects.toThrow(new HashingBusyError('2 password hashes already waiting'));
  });

  it('should refuse a request past its deadline, once, whether its timer or the process says so first', async () => {
    const { lane, policy, worker } = laneWith();
    const byTimer = lane.submit('hash', ['slow']);
    const byProcess = lane.submit('hash', ['slower']);
    const refusals = Promise.allSettled([byTimer, byProcess]);

    worker().fail(2, 'expired');
    await jest.advanceTimersByTimeAsync(500);
    worker().fail(1, 'expired');

    const results = await refusals;
    expect(results.map((result) => result.status === 'rejected' && String(result.reason))).toEqual([
      'Error: no password hash within 500 ms',
      'Error: no password hash within 500 ms',
    ]);
    expect(policy.stats()).toEqual({ held: 0, rescued: 0, refused: 2 });
  });

  it('should reject with the error of a hash that failed', async () => {
    const { lane, worker } = laneWith();
    const answer = lane.submit('verify', ['not-a-hash', 'x']);

    worker().fail(1, 'failed', 'password hashing failed: invalid hash');

    await expect(answer).rejects.toThrow('password hashing failed: invalid hash');
  });

  it('should send what a starved process holds to the fallback too, answer from there, and cancel it in the process', async () => {
    const { lane, worker, fallback } = laneWith({ deadlineMs: 30_000 });
    const held = lane.submit('hash', ['held']);

    await jest.advanceTimersByTimeAsync(1_000);

    await expect(held).resolves.toBe('fallback hash held');
    expect(fallback).toHaveBeenCalledWith('hash', ['held']);
    expect(worker().cancelled).toEqual([1]);
    // Dropped in the process after all: its place is free, and the starvation goes on.
    worker().fail(1, 'cancelled');
    await expect(lane.submit('hash', ['probe'])).resolves.toBe('fallback hash probe');
    expect(worker().held.has(2)).toBe(true);
  });

  it('should wait for neither starvation nor a fallback at starvedAfterMs 0', async () => {
    const { lane, fallback } = laneWith({ starvedAfterMs: 0 });
    const held = lane.submit('hash', ['held']);

    await jest.advanceTimersByTimeAsync(500);

    await expect(held).rejects.toThrow(HashingBusyError);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('should drain the answers in progress, then stop the process', async () => {
    const { lane, worker } = laneWith();
    const inProgress = lane.submit('hash', ['in progress']);
    let drained = false;
    const draining = lane.drain().then(() => (drained = true));

    await jest.advanceTimersByTimeAsync(100);
    expect(drained).toBe(false);
    worker().answer(1);
    await draining;
    await lane.stop();

    await expect(inProgress).resolves.toBe('hash 1');
    expect(worker().alive).toBe(false);
  });
});
