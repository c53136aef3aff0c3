import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('should answer the value when it comes in time', async () => {
    await expect(withTimeout(Promise.resolve('row'), 1000, 'replica')).resolves.toBe('row');
  });

  it('should pass on a rejection that comes in time', async () => {
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, 'replica')).rejects.toThrow('refused');
  });

  it('should reject, naming what did not answer, after the timeout', async () => {
    const never = new Promise<string>(() => undefined);

    await expect(withTimeout(never, 10, 'replica')).rejects.toThrow('replica: no answer within 10 ms');
  });

  it('should hand a value that arrives after the timeout to `late`, to release it', async () => {
    let arrive: (value: string) => void = () => undefined;
    const slow = new Promise<string>((resolve) => (arrive = resolve));
    const late = jest.fn();

    await expect(withTimeout(slow, 10, 'connection', late)).rejects.toThrow('no answer');
    arrive('connection');
    await slow;
    await Promise.resolve();

    expect(late).toHaveBeenCalledWith('connection');
  });

  it('should not call `late` for a value in time', async () => {
    const late = jest.fn();

    await withTimeout(Promise.resolve('connection'), 1000, 'connection', late);

    expect(late).not.toHaveBeenCalled();
  });
});
