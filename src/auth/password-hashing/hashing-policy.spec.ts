import { HashingLimits, HashingPolicy, Route } from './hashing-policy';

const LIMITS: HashingLimits = { concurrency: 1, queuePerSlot: 3, deadlineMs: 30_000, starvedAfterMs: 1_000 };

/** A policy on a clock the test moves, holding request names. */
function policyAt(limits: Partial<HashingLimits> = {}) {
  const clock = { now: 0 };
  const policy = new HashingPolicy<string>({ ...LIMITS, ...limits }, () => clock.now);
  const send = (name: string) => policy.route('hash', name);
  const idOf = (route: Route) => (route.to === 'process' ? route.id : NaN);
  return { clock, policy, send, idOf };
}

describe(HashingPolicy.name, () => {
  describe('admission', () => {
    it('should admit up to concurrency × queuePerSlot requests, then refuse and count the refusal', () => {
      const { policy, send } = policyAt({ concurrency: 2, queuePerSlot: 2 });

      const routes = ['a', 'b', 'c', 'd', 'e'].map(send);

      expect(routes.map((route) => route.to)).toEqual(['process', 'process', 'process', 'process', 'refused']);
      expect(routes[4]).toEqual({ to: 'refused', reason: '4 password hashes already waiting' });
      expect(policy.stats()).toEqual({ held: 4, rescued: 0, refused: 1 });
    });

    it('should give each request its own id and its deadline on the clock', () => {
      const { clock, send } = policyAt({ deadlineMs: 500 });
      clock.now = 1_000;

      expect(send('a')).toEqual({ to: 'process', id: 1, expiresAt: 1_500, alsoFallback: false });
      expect(send('b')).toMatchObject({ id: 2 });
    });

    it('should free a place when the process releases a request, whatever became of it', () => {
      const { policy, send, idOf } = policyAt({ queuePerSlot: 2 });
      const [a, b] = ['a', 'b'].map((name) => idOf(send(name)));

      policy.release(a, 'hashed');
      policy.release(b, 'lost');

      expect(policy.stats().held).toBe(0);
      expect(send('c').to).toBe('process');
    });
  });

  describe('deadlines', () => {
    it('should refuse a request once when its deadline passes, and count it held until the process drops it', () => {
      const { policy, send, idOf } = policyAt({ queuePerSlot: 1 });
      const id = idOf(send('slow'));

      expect(policy.giveUp(id)).toBe(true);
      // The process's own "expired before its turn" comes later: already refused.
      expect(policy.giveUp(id)).toBe(false);
      expect(policy.stats()).toEqual({ held: 1, rescued: 0, refused: 1 });
      expect(send('next')).toEqual({ to: 'refused', reason: '1 password hashes already waiting' });

      policy.release(id, 'expired');
      expect(send('later').to).toBe('process');
    });

    it('should not refuse at its deadline a request answered already', () => {
      const { policy, send, idOf } = policyAt();
      const id = idOf(send('a'));

      policy.answered(id);

      expect(policy.giveUp(id)).toBe(false);
      expect(policy.stats().refused).toBe(0);
    });
  });

  describe('starvation', () => {
    it('should find the process starved only after starvedAfterMs holding requests without finishing one', () => {
      const { clock, policy, send, idOf } = policyAt();
      clock.now = 5_000;
      const [a, b] = ['a', 'b'].map((name) => idOf(send(name)));

      clock.now = 5_999;
      expect(policy.rescueIfStarved()).toEqual([]);
      clock.now = 6_000;
      expect(policy.rescueIfStarved()).toEqual([
        { id: a, request: 'a' },
        { id: b, request: 'b' },
      ]);
      // Each held request goes to the fallback once.
      expect(policy.rescueIfStarved()).toEqual([]);
      expect(policy.stats().rescued).toBe(2);
    });

    it('should not count idle time as starvation: the clock starts when the process gets work', () => {
      const { clock, policy, send } = policyAt();
      clock.now = 60_000;

      send('after an idle minute');

      expect(policy.rescueIfStarved()).toEqual([]);
    });

    it('should not rescue a request given up on, an identify, or one answered already', () => {
      const { clock, policy, send, idOf } = policyAt();
      const late = idOf(send('late'));
      policy.route('identify', 'identify');
      const kept = idOf(send('kept'));
      policy.giveUp(late);

      clock.now = 1_000;

      expect(policy.rescueIfStarved()).toEqual([{ id: kept, request: 'kept' }]);
    });

    it('should send one new request to both while starved, and the rest to the fallback alone', () => {
      const { clock, policy, send, idOf } = policyAt();
      send('held');
      clock.now = 1_000;
      policy.rescueIfStarved();

      const probe = send('probe');
      expect(probe).toMatchObject({ to: 'process', alsoFallback: true });
      expect(send('meanwhile')).toEqual({ to: 'fallback' });

      // The probe answered (by either): the next request probes in its turn.
      policy.answered(idOf(probe));
      expect(send('next')).toMatchObject({ to: 'process', alsoFallback: true });
      expect(policy.stats().rescued).toBe(4);
    });

    it('should send to the fallback, not refuse, what a starved process has no room for', () => {
      const { clock, policy, send } = policyAt({ queuePerSlot: 1 });
      send('fills its one place');
      clock.now = 1_000;

      expect(send('no room left')).toEqual({ to: 'fallback' });
      expect(policy.stats()).toEqual({ held: 1, rescued: 1, refused: 0 });
    });

    it('should end the starvation when the process finishes a request, not when it drops one', () => {
      const { clock, policy, send, idOf } = policyAt();
      const [cancelled, done] = ['cancelled', 'done'].map((name) => idOf(send(name)));
      clock.now = 1_000;
      policy.rescueIfStarved();

      policy.release(cancelled, 'cancelled');
      expect(send('still starved')).toMatchObject({ alsoFallback: true });

      policy.release(done, 'hashed');
      expect(send('runs again')).toMatchObject({ to: 'process', alsoFallback: false });
    });

    it('should start afresh with a new process', () => {
      const { clock, policy, send } = policyAt();
      send('held');
      clock.now = 1_000;
      policy.rescueIfStarved();

      policy.restarted();

      expect(send('to the new process')).toMatchObject({ to: 'process', alsoFallback: false });
    });

    it('should send an identify to the process itself, even when starved', () => {
      const { clock, policy, send } = policyAt();
      send('held');
      clock.now = 1_000;

      expect(policy.route('identify', 'who')).toMatchObject({ to: 'process', alsoFallback: false });
    });

    it('should watch a few times per starvedAfterMs, and only while the process holds requests', () => {
      const { policy, send, idOf } = policyAt();
      expect(policy.watchEveryMs).toBeUndefined();

      const id = idOf(send('a'));
      expect(policy.watchEveryMs).toBe(250);

      policy.release(id, 'hashed');
      expect(policy.watchEveryMs).toBeUndefined();
    });

    it('should never find starved a process with starvedAfterMs 0 (normal priority): requests wait for their deadline', () => {
      const { clock, policy, send } = policyAt({ starvedAfterMs: 0 });
      send('held');
      clock.now = 3_600_000;

      expect(policy.watchEveryMs).toBeUndefined();
      expect(policy.rescueIfStarved()).toEqual([]);
      expect(send('next')).toMatchObject({ to: 'process', alsoFallback: false });
    });
  });
});
