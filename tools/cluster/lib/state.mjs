// The state folder `.groundkube/` at the repo root: one log file and one pid file per process that
// `npm run up` starts, plus etcd's data. Gitignored.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const stateDir = path.join(repoRoot, '.groundkube');

export const endpoints = {
  etcd: 'http://127.0.0.1:2379',
  etcdPeer: 'http://127.0.0.1:2380',
  apiserver: 'http://127.0.0.1:8080',
};

export function ensureStateDir() {
  mkdirSync(stateDir, { recursive: true });
  return stateDir;
}

/** Log and pid file of one managed process. */
export function filesOf(name) {
  return { log: path.join(stateDir, `${name}.log`), pid: path.join(stateDir, `${name}.pid`) };
}
