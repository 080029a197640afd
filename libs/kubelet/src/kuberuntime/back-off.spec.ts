import { FakeClock } from '@groundkube/client';
import { BackOff } from './back-off';

describe('BackOff (crash-loop semantics)', () => {
  it('lets the first restart through, then waits 10 s doubling to 300 s', async () => {
    const clock = new FakeClock();
    const b = new BackOff({ clock });
    const key = 'uid/c';
    const exitAt = (): Date => new Date(clock.now());

    expect(b.remaining(key, exitAt())).toBe(0); // never restarted: go
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next(key, exitAt());
      delays.push(b.get(key));
      const exited = exitAt();
      expect(b.remaining(key, exited)).toBe(b.get(key));
      await clock.advance(b.get(key) - 1);
      expect(b.remaining(key, exited)).toBe(1);
      await clock.advance(1);
      expect(b.remaining(key, exited)).toBe(0);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('counts the delay from the exit time, not from when the kubelet looks', async () => {
    const clock = new FakeClock();
    const b = new BackOff({ clock });
    b.next('k', new Date(clock.now()));
    const exited = new Date(clock.now());
    await clock.advance(4_000);
    expect(b.remaining('k', exited)).toBe(6_000);
  });

  it('starts over after running ten minutes without a crash', async () => {
    const clock = new FakeClock();
    const b = new BackOff({ clock });
    for (let i = 0; i < 4; i++) b.next('k', new Date(clock.now()));
    expect(b.get('k')).toBe(80_000);
    await clock.advance(600_001);
    const exited = new Date(clock.now());
    expect(b.remaining('k', exited)).toBe(0);
    b.next('k', exited);
    expect(b.get('k')).toBe(10_000);
  });

  it('forgets keys by prefix and expired entries on gc', async () => {
    const clock = new FakeClock();
    const b = new BackOff({ clock });
    b.next('pod-a/x', new Date(clock.now()));
    b.next('pod-a/y', new Date(clock.now()));
    b.next('pod-b/x', new Date(clock.now()));
    b.resetPrefix('pod-a/');
    expect([b.get('pod-a/x'), b.get('pod-a/y'), b.get('pod-b/x')]).toEqual([0, 0, 10_000]);
    await clock.advance(600_001);
    b.gc();
    expect(b.get('pod-b/x')).toBe(0);
  });
});
