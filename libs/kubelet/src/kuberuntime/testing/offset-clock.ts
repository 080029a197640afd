import { type Clock, realClock } from '@groundkube/client';

/**
 * Real time plus an offset moved by hand. For tests against a real runtime: Docker stamps container
 * finish times with real time, and back-off compares them with the clock, so the clock must follow real
 * time; `advance` then jumps over a back-off delay without sleeping.
 */
export class OffsetClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realClock.sleep(ms, signal);
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
