// Child processes of the suite: the built apps, run with `node`, their output kept for failure messages and
// in log files under LOG_DIR. The harness itself is @groundkube/testing's; this file holds the suite's settings.

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import {
  startApp as startBuiltApp,
  StopPolling,
  until as poll,
  WORKSPACE,
  type AppProcess,
} from '@groundkube/testing';

export { buildApp, type AppProcess } from '@groundkube/testing';

export const exec = promisify(execFile);
/** Where the suite keeps the full output of the processes it starts. */
export const LOG_DIR = path.join(WORKSPACE, '.groundkube', 'test', 'walkthrough-e2e');

/** Starts `node script args`; everything it prints also goes to `logFile`. stop() kills it after 15 s. */
export function startApp(script: string, args: string[], logFile: string): AppProcess {
  return startBuiltApp(script, args, { logFile, killAfterMs: 15_000 });
}

/** Thrown by a probe to stop `until` at once (the process it waits for is gone). */
export class Exited extends StopPolling {}

/** Polls `probe` every 250 ms until it returns a value (not undefined); 90 s unless told. */
export function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  return poll(what, probe, { timeoutMs, intervalMs: 250 });
}
