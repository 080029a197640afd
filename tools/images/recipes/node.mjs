// node:20-bookworm-slim — the host's own Node.js binary on the bootstrapped Debian base (no registry and no
// npm needed inside): the apps are built on the host and copied in with their production node_modules.
import { copyFileSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { buildImage } from '../lib/docker.mjs';

export const node = {
  name: 'node',
  tags: ['node:20-bookworm-slim', 'groundkube/node:20'],
  dependsOn: ['debian'],
  inputs: () => [process.version, realpathSync(process.execPath)],
  async build(ctx) {
    const context = path.join(ctx.workDir, 'context');
    mkdirSync(context, { recursive: true });
    copyFileSync(realpathSync(process.execPath), path.join(context, 'node'));
    await buildImage({
      tags: this.tags,
      context,
      labels: ctx.labels,
      logFile: ctx.logFile,
      dockerfile: [
        'FROM debian:bookworm-slim',
        'COPY node /usr/local/bin/node',
        'RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\',
        '    && node --version',
        `ENV NODE_VERSION=${process.version.slice(1)}`,
        'CMD ["node"]',
        '',
      ].join('\n'),
    });
  },
};
