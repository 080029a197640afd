// groundkube/registry:2.8 — Debian's docker-registry (CNCF distribution 2.8) on scratch with a config of our
// own: filesystem storage under /var/lib/registry, no auth, port 5000.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyWithLibraries, downloadPackages, extractPackage } from '../lib/debian.mjs';
import { addBusybox, defaultPath, freshRootfs, writeAccounts } from './rootfs.mjs';
import { buildScratchImage } from './scratch-image.mjs';

const config = `# groundkube registry mirror: plain HTTP, no auth, blobs on the filesystem.
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

export const registry = {
  name: 'registry',
  tags: ['groundkube/registry:2.8'],
  inputs: () => [config],
  async build(ctx) {
    const debs = await downloadPackages(['docker-registry'], ctx.cacheDir, ctx.logFile);
    const unpacked = path.join(ctx.workDir, 'unpacked');
    await extractPackage(debs['docker-registry'], unpacked, ctx.logFile);

    const rootfs = freshRootfs(path.join(ctx.workDir, 'rootfs'));
    writeAccounts(rootfs);
    await addBusybox(rootfs, ctx, ['sh', 'cat', 'ls', 'wget', 'timeout', 'du']);
    await copyWithLibraries(
      path.join(unpacked, 'usr/bin/docker-registry'),
      rootfs,
      '/usr/bin/docker-registry',
    );
    mkdirSync(path.join(rootfs, 'etc/docker/registry'), { recursive: true });
    writeFileSync(path.join(rootfs, 'etc/docker/registry/config.yml'), config);
    mkdirSync(path.join(rootfs, 'var/lib/registry'), { recursive: true });

    await buildScratchImage(rootfs, ctx, {
      tags: this.tags,
      instructions: [
        `ENV PATH=${defaultPath}`,
        'VOLUME ["/var/lib/registry"]',
        'EXPOSE 5000',
        'HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD timeout 2 wget -q -O /dev/null http://127.0.0.1:5000/v2/ || exit 1',
        'ENTRYPOINT ["/usr/bin/docker-registry"]',
        'CMD ["serve", "/etc/docker/registry/config.yml"]',
      ],
    });
  },
};
