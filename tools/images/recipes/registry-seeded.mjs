// groundkube/registry:2.8-seeded — the registry image with nginx and busybox already in its storage (as
// library/nginx:latest and library/busybox:latest), so a cluster that runs it as its nodes' registry mirror
// pulls `image: nginx` for real with no internet. Seeded by pushing to a throwaway registry container.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildImage, dockerEnv } from '../lib/docker.mjs';
import { run } from '../lib/shell.mjs';

/** The images the seeded registry holds: local tag → repository in the registry. */
export const seededImages = [
  { local: 'nginx:latest', repository: 'library/nginx' },
  { local: 'busybox:latest', repository: 'library/busybox' },
];

async function waitForRegistry(address) {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const response = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the throwaway registry on ${address} did not answer within 30 s`);
    await sleep(100);
  }
}

export const registrySeeded = {
  name: 'registry-seeded',
  tags: ['groundkube/registry:2.8-seeded'],
  dependsOn: ['registry', 'nginx', 'busybox'],
  inputs: () => seededImages.map((image) => `${image.local}=${image.repository}`),
  async build(ctx) {
    // The engine treats 127.0.0.0/8 as an insecure registry, so a plain-HTTP push to a random port works.
    const { stdout } = await run(
      'docker',
      ['run', '--detach', '--label', 'io.groundkube.component=registry-seeding', '--publish', '127.0.0.1::5000', 'groundkube/registry:2.8'],
      { env: dockerEnv, logFile: ctx.logFile },
    );
    const container = stdout.trim();
    try {
      const port = (await run('docker', ['port', container, '5000/tcp'], { logFile: ctx.logFile })).stdout.trim().split(':').pop();
      const address = `127.0.0.1:${port}`;
      await waitForRegistry(address);
      for (const image of seededImages) {
        const remote = `${address}/${image.repository}:latest`;
        await run('docker', ['tag', image.local, remote], { logFile: ctx.logFile });
        try {
          await run('docker', ['push', remote], { logFile: ctx.logFile });
        } finally {
          await run('docker', ['rmi', remote], { logFile: ctx.logFile, allowFailure: true });
        }
      }
      // `docker cp CONTAINER:/var/lib/registry -` writes a tar whose top entry is `registry/`.
      const tar = await run('docker', ['cp', `${container}:/var/lib/registry`, '-'], {});
      writeFileSync(path.join(ctx.workDir, 'registry.tar'), tar.stdoutBuffer);
    } finally {
      await run('docker', ['rm', '--force', '--volumes', container], { logFile: ctx.logFile, allowFailure: true });
    }
    await buildImage({
      tags: this.tags,
      context: ctx.workDir,
      labels: ctx.labels,
      logFile: ctx.logFile,
      // ADD unpacks the tar; files added under a VOLUME path are kept and copied into each new volume.
      dockerfile: ['FROM groundkube/registry:2.8', 'ADD registry.tar /var/lib/', ''].join('\n'),
    });
  },
};
