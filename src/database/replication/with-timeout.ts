/** `promise`, or a rejection after `ms`; a value that arrives late is handed to `late` (to release it). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, late?: (value: T) => void): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  const settled = promise.then(
    (value) => {
      if (timedOut) {
        late?.(value);
      }
      return value;
    },
    (error: unknown) => {
      throw error;
    },
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
