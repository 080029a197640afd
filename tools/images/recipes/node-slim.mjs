// groundkube/node:20-slim — the host's Node.js binary with the libraries `ldd` lists, on scratch, plus a busybox
// sh and a `node` user (uid 1000, as in the official image): enough for a bundled app, about 70 MB less than
// the Debian-based node:20-bookworm-slim. tools/images/apps.mjs builds the apiserver and kubectl images on it.
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { copyWithLibraries } from '../lib/debian.mjs';
import { addBusybox, defaultPath, freshRootfs, writeAccounts } from './rootfs.mjs';
import { buildScratchImage } from './scratch-image.mjs';

export const nodeSlim = {
  name: 'node-slim',
  tags: ['groundkube/node:20-slim'],
  inputs: () => [process.version, realpathSync(process.execPath)],
  async build(ctx) {
    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs, [{ name: 'node', uid: 1000, gid: 1000, home: '/home/node' }]);
    await addBusybox(rootfs, ctx, ['sh', 'cat', 'ls', 'env', 'timeout', 'wget', 'chown', 'chmod']);
    await copyWithLibraries(realpathSync(process.execPath), rootfs, '/usr/local/bin/node');
    mkdirSync(path.join(rootfs, 'home/node'), { recursive: true });

    await buildScratchImage(rootfs, ctx, {
      tags: this.tags,
      instructions: [
        'RUN chown 1000:1000 /home/node && chmod 1777 /tmp && node --version',
        `ENV PATH=${defaultPath} NODE_VERSION=${process.version.slice(1)}`,
        'CMD ["node"]',
      ],
    });
  },
};
