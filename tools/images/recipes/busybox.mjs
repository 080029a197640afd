// busybox:latest — Debian's busybox-static with every applet linked in /bin.
import path from 'node:path';
import { buildImage } from '../lib/docker.mjs';
import { addBusybox, defaultPath, freshRootfs, packRootfs, writeAccounts } from './rootfs.mjs';

export const busybox = {
  name: 'busybox',
  tags: ['busybox:latest'],
  inputs: () => [],
  async build(ctx) {
    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs);
    await addBusybox(rootfs, ctx, 'all');
    const context = await packRootfs(rootfs, ctx);
    await buildImage({
      tags: this.tags,
      context,
      labels: ctx.labels,
      logFile: ctx.logFile,
      dockerfile: ['FROM scratch', 'ADD rootfs.tar /', `ENV PATH=${defaultPath}`, 'CMD ["sh"]', ''].join('\n'),
    });
  },
};
