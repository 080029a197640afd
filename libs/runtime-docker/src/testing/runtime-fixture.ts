import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { connectRuntime, type RuntimeConnection } from '@groundkube/cri-api';
import { silentLogger } from '@groundkube/logging';
import { until } from '@groundkube/testing';
import { LABEL_RUNTIME_INSTANCE } from '../docker-labels';
import { startRuntimeService, type RuntimeServiceHandle } from '../runtime-service';
import { ensureTestImages, type TestImages } from './test-images';

export interface TestRuntime {
  docker: Docker;
  instance: string;
  dir: string;
  images: TestImages;
  handle: RuntimeServiceHandle;
  conn: RuntimeConnection;
  /** Stops the service and removes every container of the instance and the temp dir. */
  close(): Promise<void>;
}

/** Removes every Docker container labelled with the instance (sandboxes and containers alike). */
export async function removeInstanceContainers(docker: Docker, instance: string): Promise<void> {
  const leftovers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUNTIME_INSTANCE}=${instance}`] },
  });
  await Promise.all(
    leftovers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

/** A runtime service on a temp socket with a unique instance name (`test-<hex>`), plus a connected client. */
export async function startTestRuntime(prefix = 'test'): Promise<TestRuntime> {
  const docker = new Docker();
  const images = await ensureTestImages(docker);
  const instance = `${prefix}-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `gk-${prefix}-`));
  const handle = await startRuntimeService({
    socketPath: join(dir, 'cri.sock'),
    docker,
    logger: silentLogger(),
    instance,
    sandboxImage: images.sandbox,
  });
  const conn = connectRuntime(handle.endpoint);
  return {
    docker,
    instance,
    dir,
    images,
    handle,
    conn,
    close: async () => {
      conn.close();
      await handle.close();
      await removeInstanceContainers(docker, instance);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it returns a value (not undefined); an error from `check` ends it at once. */
export function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  return until(what, check, { timeoutMs, intervalMs: 100, retryErrors: false });
}
