// registry.k8s.io/pause:3.10 — the pod sandbox's infra container: a static C program on scratch.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildImage } from '../lib/docker.mjs';
import { run } from '../lib/shell.mjs';

const source = new URL('./pause.c', import.meta.url);

export const pause = {
  name: 'pause',
  tags: ['registry.k8s.io/pause:3.10'],
  inputs: () => [readFileSync(source, 'utf8')],
  async build(ctx) {
    mkdirSync(ctx.workDir, { recursive: true });
    const src = path.join(ctx.workDir, 'pause.c');
    copyFileSync(source, src);
    await run('gcc', ['-static', '-Os', '-o', path.join(ctx.workDir, 'pause'), src], { logFile: ctx.logFile });
    await run('strip', [path.join(ctx.workDir, 'pause')], { logFile: ctx.logFile });
    await buildImage({
      tags: this.tags,
      context: ctx.workDir,
      labels: ctx.labels,
      logFile: ctx.logFile,
      dockerfile: ['FROM scratch', 'COPY pause /pause', 'USER 65535:65535', 'ENTRYPOINT ["/pause"]', ''].join('\n'),
    });
  },
};
