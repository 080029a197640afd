// Debian packages as image material: fetch with `apt-get download`, unpack with `dpkg-deb -x` (nothing is
// installed on the host), and copy a binary together with the shared libraries `ldd` says it needs.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { run } from './shell.mjs';

/**
 * Makes `<name>_*.deb` present in `cacheDir` for every package (downloads only those missing).
 * @returns {Promise<Record<string, string>>} package name -> .deb path
 */
export async function downloadPackages(names, cacheDir, logFile) {
  mkdirSync(cacheDir, { recursive: true });
  const find = (name) => readdirSync(cacheDir).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  const missing = names.filter((name) => !find(name));
  if (missing.length > 0) await run('apt-get', ['download', ...missing], { cwd: cacheDir, logFile });
  const debs = {};
  for (const name of names) {
    const file = find(name);
    if (!file) throw new Error(`apt-get download did not produce a .deb for ${name} in ${cacheDir}`);
    debs[name] = path.join(cacheDir, file);
  }
  return debs;
}

/** Unpacks a .deb's files into dest (no maintainer scripts run). */
export async function extractPackage(deb, dest, logFile) {
  mkdirSync(dest, { recursive: true });
  await run('dpkg-deb', ['-x', deb, dest], { logFile });
}

/**
 * Copies an ELF binary into rootfs at `target` (default: same path) with every library `ldd` lists,
 * each at the path the dynamic loader will look for it.
 */
export async function copyWithLibraries(binary, rootfs, target = binary) {
  copyInto(binary, rootfs, target);
  const { stdout } = await run('ldd', [binary], { allowFailure: true });
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    const match = line.match(/=>\s+(\/\S+)/) ?? line.match(/^\s*(\/\S+)\s+\(/);
    if (match?.[1]) copyInto(match[1], rootfs, match[1]);
    else if (line.includes('not found')) throw new Error(`${binary}: ${line.trim()} (install the library on the host)`);
  }
}

function copyInto(source, rootfs, target) {
  const dest = path.join(rootfs, target);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(realpathSync(source), dest);
  chmodSync(dest, 0o755);
}

/** The Debian archive apt is configured with (the one debootstrap should use too). */
export function debianMirror() {
  const candidates = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    // deb822 stanzas: pick the URI of the stanza whose suites include plain "bookworm".
    for (const stanza of text.split(/\n\s*\n/)) {
      const uri = stanza.match(/^URIs:\s*(\S+)/m)?.[1];
      const suites = stanza.match(/^Suites:\s*(.+)$/m)?.[1]?.split(/\s+/) ?? [];
      if (uri && suites.includes('bookworm')) return uri;
    }
    const line = text.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m);
    if (line?.[1]) return line[1];
  }
  return 'http://deb.debian.org/debian';
}
