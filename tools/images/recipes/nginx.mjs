// nginx:latest — Debian's nginx on scratch: the binary with its ldd libraries, nginx-common's configuration
// and the Debian welcome page, logging to stdout/stderr like the official image.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { downloadPackages, extractPackage, copyWithLibraries } from '../lib/debian.mjs';
import { addBusybox, defaultPath, freshRootfs, writeAccounts } from './rootfs.mjs';
import { buildScratchImage } from './scratch-image.mjs';

export const nginx = {
  name: 'nginx',
  tags: ['nginx:latest'],
  inputs: () => [],
  async build(ctx) {
    const debs = await downloadPackages(['nginx', 'nginx-common'], ctx.cacheDir, ctx.logFile);
    const unpacked = path.join(ctx.workDir, 'unpacked');
    await extractPackage(debs.nginx, unpacked, ctx.logFile);
    await extractPackage(debs['nginx-common'], unpacked, ctx.logFile);

    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs, [{ name: 'www-data', uid: 33, gid: 33, home: '/var/www' }]);
    await addBusybox(rootfs, ctx, ['sh', 'cat', 'ls', 'wget', 'timeout', 'sleep', 'kill', 'ps', 'echo']);
    // The libraries come from the host (ldd); the host is the same Debian release as the package.
    await copyWithLibraries(path.join(unpacked, 'usr/sbin/nginx'), rootfs, '/usr/sbin/nginx');
    cpSync(path.join(unpacked, 'etc/nginx'), path.join(rootfs, 'etc/nginx'), { recursive: true });
    cpSync(path.join(unpacked, 'usr/share/nginx'), path.join(rootfs, 'usr/share/nginx'), { recursive: true });

    // What the package's postinst does: enable the default site and install the welcome page.
    const site = readFileSync(path.join(unpacked, 'etc/nginx/sites-available/default'), 'utf8')
      .split('\n')
      .filter((line) => !/listen\s+\[::\]:80/.test(line)) // containers may have no IPv6
      .join('\n');
    writeFileSync(path.join(rootfs, 'etc/nginx/sites-available/default'), site);
    symlinkSync('/etc/nginx/sites-available/default', path.join(rootfs, 'etc/nginx/sites-enabled/default'));
    mkdirSync(path.join(rootfs, 'var/www/html'), { recursive: true });
    copyFileSync(
      path.join(unpacked, 'usr/share/nginx/html/index.html'),
      path.join(rootfs, 'var/www/html/index.nginx-debian.html'),
    );
    for (const dir of ['var/lib/nginx', 'var/log/nginx', 'var/cache/nginx']) {
      mkdirSync(path.join(rootfs, dir), { recursive: true });
    }
    symlinkSync('/dev/stdout', path.join(rootfs, 'var/log/nginx/access.log'));
    symlinkSync('/dev/stderr', path.join(rootfs, 'var/log/nginx/error.log'));

    await buildScratchImage(rootfs, ctx, {
      tags: this.tags,
      instructions: [
        `ENV PATH=${defaultPath}`,
        'EXPOSE 80',
        'STOPSIGNAL SIGQUIT',
        `CMD ["nginx", "-g", "daemon off;"]`,
      ],
    });
  },
};
