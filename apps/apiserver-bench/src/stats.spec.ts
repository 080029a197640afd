import { runConcurrently } from './concurrency';
import { median, rate } from './stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });

  it('computes a rate per second', () => {
    expect(rate(500, 0.25)).toBe(2000);
  });
});

describe('runConcurrently', () => {
  it('runs every index once and never more than the limit at a time', async () => {
    const seen: number[] = [];
    let running = 0;
    let peak = 0;
    await runConcurrently(20, 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      seen.push(i);
      running--;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('rejects with the first failure', async () => {
    await expect(
      runConcurrently(5, 2, async (i) => {
        if (i === 3) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
