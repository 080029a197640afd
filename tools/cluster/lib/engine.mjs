// The Docker engine: reuse one that answers, else (as root) start dockerd in the background with the
// registry-mirror flags, its log in the state folder.
import { setTimeout as sleep } from 'node:timers/promises';
import { engineInfo, engineMirrors } from '../../images/lib/docker.mjs';
import { mirrorAddress } from '../../images/lib/mirror.mjs';
import { logTail, runningPid, startDetached, stillRunning } from './processes.mjs';
import { isRoot } from './prerequisites.mjs';
import { filesOf } from './state.mjs';

export const dockerdArgs = [`--registry-mirror=http://${mirrorAddress}`, `--insecure-registry=${mirrorAddress}`];

/**
 * @param {{ warn: (message: string) => void, timeoutMs?: number }} options
 * @returns {Promise<string>} a note for the progress line
 */
export async function ensureEngine(options) {
  const info = engineInfo();
  if (info) {
    const mirrors = engineMirrors(info);
    if (!mirrors.some((mirror) => mirror.includes(mirrorAddress))) {
      options.warn(
        `the running Docker engine has no --registry-mirror=http://${mirrorAddress}: pods with image nginx or ` +
          'busybox and pull policy Always will fail to pull. Restart it as: dockerd ' + dockerdArgs.join(' '),
      );
      return `running ${info.ServerVersion} (without the mirror)`;
    }
    return `running ${info.ServerVersion}, mirror ${mirrorAddress}`;
  }
  if (!isRoot()) {
    throw new Error(`no Docker engine answers, and starting one needs root: sudo dockerd ${dockerdArgs.join(' ')} &`);
  }
  let pid = runningPid('dockerd', 'dockerd');
  const started = pid === null;
  if (started) pid = startDetached('dockerd', 'dockerd', dockerdArgs).pid;
  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  for (;;) {
    const ready = engineInfo();
    if (ready) return `${started ? 'started' : 'was starting'} dockerd ${ready.ServerVersion} (pid ${pid})`;
    if (!stillRunning(pid)) throw new Error(`dockerd exited while starting:\n${logTail(filesOf('dockerd').log)}`);
    if (Date.now() > deadline) throw new Error(`dockerd (pid ${pid}) did not answer within 60 s:\n${logTail(filesOf('dockerd').log)}`);
    await sleep(250);
  }
}
