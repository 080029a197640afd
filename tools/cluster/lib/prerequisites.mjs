// What a machine of this kind (Debian 12) needs for groundkube, and installing it as root with apt-get.
// Not root and something missing: one clear message saying what to install.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { run, probe } from '../../images/lib/shell.mjs';
import { repoRoot } from './state.mjs';

const sbin = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function commandPresent(name) {
  return probe('sh', ['-c', `command -v ${name}`]).ok || sbin.some((dir) => existsSync(path.join(dir, name)));
}

/**
 * Each requirement: a check and the Debian package that satisfies it.
 * `when` narrows a requirement to some purposes ('engine' is only needed when no Docker engine answers).
 */
const requirements = [
  { what: 'dockerd', pkg: 'docker.io', check: () => commandPresent('dockerd'), when: 'engine' },
  { what: 'docker client', pkg: 'docker.io', check: () => commandPresent('docker') },
  { what: 'etcd', pkg: 'etcd-server', check: () => commandPresent('etcd') },
  { what: 'etcdctl', pkg: 'etcd-client', check: () => commandPresent('etcdctl') },
  { what: 'debootstrap', pkg: 'debootstrap', check: () => commandPresent('debootstrap') },
  { what: 'dnsmasq', pkg: 'dnsmasq-base', check: () => commandPresent('dnsmasq') },
  { what: 'gcc', pkg: 'gcc', check: () => commandPresent('gcc') },
  { what: 'static libc (libc.a)', pkg: 'libc6-dev', check: () => existsSync('/usr/lib/x86_64-linux-gnu/libc.a') },
  // nginx's shared libraries are copied from the host into the nginx image.
  { what: 'libpcre2-8', pkg: 'libpcre2-8-0', check: () => existsSync('/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0') },
  { what: 'libssl3', pkg: 'libssl3', check: () => existsSync('/usr/lib/x86_64-linux-gnu/libssl.so.3') },
  { what: 'libcrypt1', pkg: 'libcrypt1', check: () => existsSync('/usr/lib/x86_64-linux-gnu/libcrypt.so.1') },
  { what: 'zlib', pkg: 'zlib1g', check: () => existsSync('/usr/lib/x86_64-linux-gnu/libz.so.1') },
  { what: 'tar', pkg: 'tar', check: () => commandPresent('tar') },
  // libs/runtime-docker's tests copy the host's static busybox into their test images.
  { what: 'static busybox', pkg: 'busybox-static', check: () => packageInstalled('busybox-static') },
  // The compose cluster (deploy/, issue #6): Debian's compose v1 is the compose this machine can have.
  { what: 'docker-compose', pkg: 'docker-compose', check: () => commandPresent('docker-compose') },
];

function packageInstalled(pkg) {
  return probe('dpkg-query', ['-W', '-f=${Status}', pkg]).stdout.includes('install ok installed');
}

export const isRoot = () => process.getuid?.() === 0;

/** The Debian packages missing on this machine (deduplicated). */
export function missingPackages({ needEngine }) {
  const missing = requirements.filter((r) => (r.when !== 'engine' || needEngine) && !r.check());
  return [...new Set(missing.map((r) => r.pkg))];
}

/**
 * Installs missing packages when root; otherwise throws with the exact command to run.
 * @returns {Promise<string>} a note for the progress line
 */
export async function ensurePackages({ needEngine, logFile }) {
  const missing = missingPackages({ needEngine });
  if (missing.length === 0) return 'all present';
  if (!isRoot()) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}\n` +
        `  install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, logFile });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, logFile });
  const still = missingPackages({ needEngine });
  if (still.length > 0) throw new Error(`apt-get install did not provide: ${still.join(' ')} (see ${logFile})`);
  return `installed ${missing.join(' ')}`;
}

/**
 * `npm ci` when node_modules is absent. A lock file that lacks only some of the workspace's own packages
 * (a new apps/* or libs/* folder committed without `npm install`) makes `npm ci` refuse; those entries are
 * links with nothing to download, so `npm install` is run instead, with a warning to commit the lock.
 * @param {{ logFile: string, warn?: (message: string) => void }} options
 */
export async function ensureNodeModules({ logFile, warn = () => {} }) {
  const marker = path.join(repoRoot, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && existsSync(path.join(repoRoot, 'node_modules', '.bin', 'nx'))) return 'present';
  const npmArgs = ['--no-audit', '--no-fund'];
  try {
    await run('npm', ['ci', ...npmArgs], { cwd: repoRoot, logFile });
    return 'installed with npm ci';
  } catch (error) {
    const output = readFileSync(logFile, 'utf8').split('\n$ npm ci').at(-1) ?? '';
    const missing = [...output.matchAll(/Missing: (\S+)@\S+ from lock file/g)].map((m) => m[1]);
    const onlyOurs = missing.length > 0 && missing.every((name) => name.startsWith('@groundkube/'));
    if (!onlyOurs) {
      const reason = output.split('\n').find((line) => /npm error (code|`npm ci`|Missing)/.test(line));
      throw new Error(`npm ci failed${reason ? `: ${reason.replace('npm error ', '')}` : ''} (full output in ${logFile})`, {
        cause: error,
      });
    }
    warn(
      `package-lock.json lacks the workspace packages ${[...new Set(missing)].join(', ')}: ran npm install ` +
        'instead of npm ci. Commit the updated package-lock.json.',
    );
    await run('npm', ['install', ...npmArgs], { cwd: repoRoot, logFile });
    return 'installed with npm install (lock out of date)';
  }
}
