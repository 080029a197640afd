// groundkube/etcd:3.4 — Debian's etcd-server on scratch (the binary with its ldd libraries) plus a busybox sh,
// for the compose cluster and the e2e suites. Data in /var/lib/etcd, clients on :2379, run as uid 65532.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { copyWithLibraries, downloadPackages, extractPackage } from '../lib/debian.mjs';
import { addBusybox, defaultPath, freshRootfs, writeAccounts } from './rootfs.mjs';
import { buildScratchImage } from './scratch-image.mjs';

export const etcd = {
  name: 'etcd',
  tags: ['groundkube/etcd:3.4'],
  inputs: () => [],
  async build(ctx) {
    const debs = await downloadPackages(['etcd-server'], ctx.cacheDir, ctx.logFile);
    const unpacked = path.join(ctx.workDir, 'unpacked');
    await extractPackage(debs['etcd-server'], unpacked, ctx.logFile);

    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs, [{ name: 'etcd', uid: 65532, gid: 65532, home: '/var/lib/etcd' }]);
    await addBusybox(rootfs, ctx, ['sh', 'cat', 'ls', 'wget', 'timeout', 'grep', 'du', 'chown', 'chmod']);
    await copyWithLibraries(path.join(unpacked, 'usr/bin/etcd'), rootfs, '/usr/bin/etcd');
    mkdirSync(path.join(rootfs, 'var/lib/etcd'), { recursive: true });

    await buildScratchImage(rootfs, ctx, {
      tags: this.tags,
      instructions: [
        // A new named volume takes the owner of the image's directory: give it to the etcd user.
        'RUN chown 65532:65532 /var/lib/etcd && chmod 700 /var/lib/etcd',
        `ENV PATH=${defaultPath}`,
        'ENV ETCD_NAME=groundkube ETCD_DATA_DIR=/var/lib/etcd \\',
        '    ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379 ETCD_ADVERTISE_CLIENT_URLS=http://127.0.0.1:2379',
        'USER 65532:65532',
        'VOLUME ["/var/lib/etcd"]',
        'EXPOSE 2379',
        'HEALTHCHECK --interval=2s --timeout=3s --retries=15 CMD timeout 2 wget -q -O - http://127.0.0.1:2379/health | grep -q true',
        'ENTRYPOINT ["/usr/bin/etcd"]',
      ],
    });
  },
};
