// Helpers to assemble a minimal root filesystem for FROM-scratch images.
import { mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { downloadPackages, extractPackage } from '../lib/debian.mjs';
import { run } from '../lib/shell.mjs';

export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Empties and recreates a rootfs folder with the directories every image here expects. */
export function freshRootfs(dir) {
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['bin', 'etc', 'tmp', 'root', 'var/run', 'run']) mkdirSync(path.join(dir, sub), { recursive: true });
  return dir;
}

/** /etc/passwd, /etc/group and friends, with root, nobody and any extra users given. */
export function writeAccounts(rootfs, extra = []) {
  const users = [
    'root:x:0:0:root:/root:/bin/sh',
    ...extra.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home ?? '/nonexistent'}:/bin/false`),
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  ];
  const groups = ['root:x:0:', ...extra.map((u) => `${u.name}:x:${u.gid}:`), 'nogroup:x:65534:'];
  writeFileSync(path.join(rootfs, 'etc/passwd'), `${users.join('\n')}\n`);
  writeFileSync(path.join(rootfs, 'etc/group'), `${groups.join('\n')}\n`);
  writeFileSync(path.join(rootfs, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
}

/**
 * Puts Debian's busybox-static at /bin/busybox with applet symlinks beside it: every applet when
 * `applets` is 'all', else the listed ones (sh is always included).
 */
export async function addBusybox(rootfs, ctx, applets = 'all') {
  const debs = await downloadPackages(['busybox-static'], ctx.cacheDir, ctx.logFile);
  const unpacked = path.join(ctx.workDir, 'busybox-static');
  if (!existsSync(path.join(unpacked, 'bin/busybox'))) await extractPackage(debs['busybox-static'], unpacked, ctx.logFile);
  const source = path.join(unpacked, 'bin/busybox');
  await run('cp', ['-a', source, path.join(rootfs, 'bin/busybox')]);
  let names = applets === 'all' ? (await run(source, ['--list'])).stdout.split('\n').filter(Boolean) : applets;
  names = [...new Set(['sh', ...names])].filter((name) => name !== 'busybox');
  for (const name of names) {
    const link = path.join(rootfs, 'bin', name);
    if (!existsSync(link)) symlinkSync('busybox', link);
  }
}

/**
 * Packs a rootfs folder into <workDir>/context/rootfs.tar for `ADD rootfs.tar /` (owner root, numeric ids)
 * and returns the context folder, which holds nothing else (the classic builder sends all of it).
 */
export async function packRootfs(rootfs, ctx) {
  const context = path.join(ctx.workDir, 'context');
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  const tarFile = path.join(context, 'rootfs.tar');
  await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', tarFile, '.'], {
    logFile: ctx.logFile,
  });
  return context;
}
