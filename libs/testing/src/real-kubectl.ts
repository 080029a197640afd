// The real kubectl, as installed on the machine. Under npm scripts, npx and jest, the workspace's
// node_modules/.bin comes first on PATH and its `kubectl` is groundkube's own, so a bare `kubectl` in a
// test would quietly run ours: tests that mean the real one resolve it here.

import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** PATH without node_modules entries: what a user's shell would search. */
export function systemPath(pathVariable = process.env['PATH'] ?? '/usr/bin:/bin'): string {
  return pathVariable
    .split(path.delimiter)
    .filter((entry) => entry !== '' && !entry.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
}

/** Absolute path of the real kubectl found on the system PATH; throws when there is none. */
export function realKubectl(pathVariable?: string): string {
  const found = systemPath(pathVariable)
    .split(path.delimiter)
    .map((entry) => path.join(entry, 'kubectl'))
    .find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error('the real kubectl is not on PATH (outside node_modules)');
  return found;
}
