// busybox:latest — Debian's busybox-static with every applet linked in /bin.
import path from 'node:path';
import { addBusybox, defaultPath, freshRootfs, writeAccounts } from './rootfs.mjs';
import { buildScratchImage } from './scratch-image.mjs';

export const busybox = {
  name: 'busybox',
  tags: ['busybox:latest'],
  inputs: () => [],
  async build(ctx) {
    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs);
    await addBusybox(rootfs, ctx, 'all');
    await buildScratchImage(rootfs, ctx, {
      tags: this.tags,
      instructions: [`ENV PATH=${defaultPath}`, 'CMD ["sh"]'],
    });
  },
};
