// The password-hashing process that HashingProcess (hashing-process.ts) starts: argon2 at the lowest
// CPU priority, so hashing only ever takes CPU time that requests, the database and everything else
// on the host leave idle. A process of its own because a thread's scheduling policy and priority are
// inherited by the threads it starts: the parent starts this one under SCHED_IDLE where it can
// (chrt), this one lowers its main thread's nice value too before argon2 first runs, and the libuv
// pool threads that hash inherit both (UV_THREADPOOL_SIZE, set by the parent, is how many hash at
// once). PASSWORD_HASH_PRIORITY=normal (HASH_NICE=keep) leaves the server's priority as it is. Plain
// JavaScript, so the same file runs in the tests (from src/) and in production (nest-cli.json copies
// it to dist/).
const os = require('node:os');

if (process.env.HASH_NICE !== 'keep') {
  os.setPriority(os.constants.priority.PRIORITY_LOW);
}

const argon2 = require('argon2');

const operations = {
  hash: (password, options) => argon2.hash(password, options),
  verify: (hash, password) => argon2.verify(hash, password),
  // Which process answered, at what priority (nice value): for the tests and for an operator's check.
  identify: async () => ({
    pid: process.pid,
    priority: os.getPriority(),
    concurrency: Number(process.env.UV_THREADPOOL_SIZE),
    // Hashes and verifications begun: neither expired nor cancelled before their turn.
    hashed,
  }),
};

// Requests wait here, not in libuv's queue, so that one nobody waits for any more is never hashed:
// past its `expiresAt` (the caller's deadline), or cancelled (answered by the fallback process).
const concurrency = Number(process.env.UV_THREADPOOL_SIZE) || 1;
const queue = [];
let running = 0;
let hashed = 0;

process.on('message', (message) => {
  if (message.cancel !== undefined) {
    const index = queue.findIndex((request) => request.id === message.cancel);
    if (index !== -1) {
      answer({ id: queue.splice(index, 1)[0].id, error: 'cancelled', cancelled: true });
    }
  } else if (message.operation === 'identify') {
    void run(message);
  } else {
    queue.push(message);
    // After the other messages already here: a cancellation among them applies before the start.
    setImmediate(next);
  }
});

function next() {
  while (running < concurrency && queue.length > 0) {
    const request = queue.shift();
    if (Date.now() >= request.expiresAt) {
      answer({ id: request.id, error: 'expired before its turn', expired: true });
      continue;
    }
    running++;
    hashed++;
    void run(request).finally(() => {
      running--;
      next();
    });
  }
}

async function run({ id, operation, args }) {
  try {
    answer({ id, result: await operations[operation](...args) });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

function answer(message) {
  if (process.connected) {
    // The parent may have exited since (EPIPE): nobody is left to answer, and 'disconnect' follows.
    process.send(message, () => {});
  }
}

// Ctrl-C in a terminal and a process-tree kill also signal this process. The server drains its
// in-flight requests first, logins among them, so hashing goes on until the server closes the IPC
// channel (it does once nothing is in flight) or dies; no one is left to answer then.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('disconnect', () => process.exit(0));
