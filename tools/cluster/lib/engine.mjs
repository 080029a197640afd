// The Docker engine: reuse one that answers, else (as root) start dockerd in the background with the
// registry-mirror flags, its log in the state folder.
//
// An engine that answers without the mirror (a machine whose dockerd somebody else started) cannot pull
// `nginx` here: there is no internet. As root, on the local socket, the mirror is added to dockerd's
// configuration file and dockerd is told to reload it (SIGHUP; registry-mirrors is one of the settings
// dockerd reloads live, so running containers are untouched). Otherwise: a warning saying how to fix it.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { engineInfo, engineMirrors } from '../../images/lib/docker.mjs';
import { mirrorAddress } from '../../images/lib/mirror.mjs';
import { logTail, runningPid, startDetached, stillRunning } from './processes.mjs';
import { isRoot } from './prerequisites.mjs';
import { filesOf } from './state.mjs';

const mirrorUrl = `http://${mirrorAddress}`;
export const dockerdArgs = [`--registry-mirror=${mirrorUrl}`, `--insecure-registry=${mirrorAddress}`];
const defaultDaemonConfig = '/etc/docker/daemon.json';

const hasMirror = (info) => engineMirrors(info).some((mirror) => mirror.includes(mirrorAddress));

/** The local dockerd's pid and command line, when the engine is this machine's and we can see it. */
function localDockerd() {
  const host = process.env.DOCKER_HOST;
  if (host && host !== 'unix:///var/run/docker.sock') return null;
  try {
    const pid = Number.parseInt(readFileSync('/var/run/docker.pid', 'utf8'), 10);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return cmdline.some((arg) => path.basename(arg) === 'dockerd') ? { pid, cmdline } : null;
  } catch {
    return null;
  }
}

/** Adds the mirror to the running local dockerd's config file and reloads it. Returns why not, or null. */
async function addMirrorByReload() {
  if (!isRoot()) return 'not root';
  const dockerd = localDockerd();
  if (!dockerd) return 'the engine is not a dockerd on this machine that can be seen';
  // A setting given both as a flag and in the file stops dockerd from starting (and from reloading).
  if (dockerd.cmdline.some((arg) => arg.startsWith('--registry-mirror'))) return 'dockerd has --registry-mirror flags of its own';
  const configArg = dockerd.cmdline.find((arg) => arg.startsWith('--config-file'));
  const configFile = configArg?.includes('=')
    ? configArg.split('=')[1]
    : configArg
      ? dockerd.cmdline[dockerd.cmdline.indexOf(configArg) + 1]
      : defaultDaemonConfig;
  let config = {};
  if (existsSync(configFile)) {
    try {
      config = JSON.parse(readFileSync(configFile, 'utf8') || '{}');
    } catch {
      return `${configFile} is not valid JSON`;
    }
  }
  // 127.0.0.0/8 is an insecure registry by default, so the mirror needs no insecure-registries entry.
  config['registry-mirrors'] = [...new Set([...(config['registry-mirrors'] ?? []), mirrorUrl])];
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  process.kill(dockerd.pid, 'SIGHUP');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (hasMirror(engineInfo())) return null;
    await sleep(250);
  }
  return `dockerd did not take the mirror from ${configFile} after SIGHUP (see its log)`;
}

/**
 * @param {{ warn: (message: string) => void, timeoutMs?: number }} options
 * @returns {Promise<string>} a note for the progress line
 */
export async function ensureEngine(options) {
  const info = engineInfo();
  if (info) {
    if (hasMirror(info)) return `running ${info.ServerVersion}, mirror ${mirrorAddress}`;
    const whyNot = await addMirrorByReload();
    if (whyNot === null) return `running ${info.ServerVersion}; mirror ${mirrorAddress} added (daemon.json + SIGHUP)`;
    options.warn(
      `the running Docker engine has no registry mirror ${mirrorUrl} and it could not be added (${whyNot}): pods ` +
        `with image nginx or busybox and pull policy Always will fail to pull. Add "registry-mirrors": ` +
        `["${mirrorUrl}"] to /etc/docker/daemon.json and reload dockerd (kill -HUP), or start it as: ` +
        `dockerd ${dockerdArgs.join(' ')}`,
    );
    return `running ${info.ServerVersion} (without the mirror)`;
  }
  if (!isRoot()) {
    throw new Error(`no Docker engine answers, and starting one needs root: sudo dockerd ${dockerdArgs.join(' ')} &`);
  }
  let pid = runningPid('dockerd', 'dockerd');
  const started = pid === null;
  // Flags and daemon.json must not both set the mirror (dockerd refuses to start): flags only when the file has none.
  const file = readDaemonConfig();
  const args = [
    ...(file['registry-mirrors'] ? [] : [dockerdArgs[0]]),
    ...(file['insecure-registries'] ? [] : [dockerdArgs[1]]),
  ];
  if (started) pid = startDetached('dockerd', 'dockerd', args).pid;
  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  for (;;) {
    const ready = engineInfo();
    if (ready) return `${started ? 'started' : 'was starting'} dockerd ${ready.ServerVersion} (pid ${pid})`;
    if (!stillRunning(pid)) throw new Error(`dockerd exited while starting:\n${logTail(filesOf('dockerd').log)}`);
    if (Date.now() > deadline) throw new Error(`dockerd (pid ${pid}) did not answer within 60 s:\n${logTail(filesOf('dockerd').log)}`);
    await sleep(250);
  }
}

function readDaemonConfig() {
  try {
    return JSON.parse(readFileSync(defaultDaemonConfig, 'utf8'));
  } catch {
    return {};
  }
}
