import { StopPolling, until } from './poll';

/** A clock that moves only when the poller sleeps, so the tests never wait. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    slept,
  };
}

describe('until', () => {
  it('returns the first value the probe gives, probing again after each undefined or error', async () => {
    const clock = fakeClock();
    const answers = [undefined, new Error('refused'), 'ready'];
    const value = await until(
      'the server',
      () => {
        const next = answers.shift();
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      { timeoutMs: 10_000, intervalMs: 100, ...clock },
    );
    expect(value).toBe('ready');
    expect(clock.slept).toEqual([100, 100]);
  });

  it('fails after the timeout naming what it waited for and the last error', async () => {
    const clock = fakeClock();
    const waiting = until('the kubelet', () => Promise.reject(new Error('connection refused')), {
      timeoutMs: 2_000,
      intervalMs: 500,
      ...clock,
    });
    await expect(waiting).rejects.toThrow(
      'timed out after 2 s waiting for the kubelet: Error: connection refused',
    );
    expect(clock.slept).toHaveLength(4);
  });

  it('fails without an error suffix when the probe only ever answered undefined', async () => {
    const clock = fakeClock();
    await expect(
      until('a pod', () => Promise.resolve(undefined), { timeoutMs: 1_000, ...clock }),
    ).rejects.toThrow(/^timed out after 1 s waiting for a pod$/);
  });

  it('stops at once when the probe throws StopPolling', async () => {
    const clock = fakeClock();
    const gone = new StopPolling('the API server exited with 1');
    await expect(
      until('the API server', () => Promise.reject(gone), { timeoutMs: 60_000, ...clock }),
    ).rejects.toBe(gone);
    expect(clock.slept).toEqual([]);
  });

  it('ends with the error of the probe when errors are not retried', async () => {
    const clock = fakeClock();
    const broken = new Error('no such container');
    await expect(
      until('a container', () => Promise.reject(broken), { timeoutMs: 60_000, retryErrors: false, ...clock }),
    ).rejects.toBe(broken);
    expect(clock.slept).toEqual([]);
  });

  it('waits with a real timer when no clock is injected', async () => {
    let calls = 0;
    const value = await until('the second probe', () => Promise.resolve(++calls === 2 ? calls : undefined), {
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(value).toBe(2);
  });
});
