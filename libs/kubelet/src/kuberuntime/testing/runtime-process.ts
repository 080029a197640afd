// Test fixture: runs the Docker-backed CRI runtime (libs/runtime-docker) as a separate process on a temp
// socket. The kubelet reaches runtimes only over the CRI, so its tests do too: the runtime's test server
// entry is bundled with esbuild and started with node, exactly as a real node would run a CRI runtime.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

import { until } from '@groundkube/testing';

const WORKSPACE = resolve(__dirname, '../../../../..');
const SERVE_ENTRY = join(WORKSPACE, 'libs/runtime-docker/src/testing/serve.ts');

export interface RuntimeProcess {
  endpoint: string;
  instance: string;
  /** Images present for tests: busybox and the sandbox (pause) image. */
  images: { busybox: string; sandbox: string };
  dir: string;
  /** Stops the runtime, which removes every container of its instance. */
  stop(): Promise<void>;
}

export async function startRuntimeProcess(prefix = 'kubelet'): Promise<RuntimeProcess> {
  const dir = mkdtempSync(join(tmpdir(), `gk-${prefix}-`));
  const bundle = join(dir, 'serve.cjs');
  await build({
    entryPoints: [SERVE_ENTRY],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: join(WORKSPACE, 'tsconfig.base.json'),
    packages: 'external',
    logLevel: 'error',
  });
  const instance = `${prefix}-${randomBytes(4).toString('hex')}`;
  const child: ChildProcess = spawn(process.execPath, [bundle], {
    env: {
      ...process.env,
      NODE_PATH: join(WORKSPACE, 'node_modules'),
      GK_CRI_SOCKET: join(dir, 'cri.sock'),
      GK_CRI_INSTANCE: instance,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const ready = await new Promise<{ endpoint: string; images: RuntimeProcess['images'] }>(
    (resolveReady, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error(`runtime did not start: ${stderr}`)), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolveReady(JSON.parse(line) as { endpoint: string; images: RuntimeProcess['images'] });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`runtime exited with ${String(code)}: ${stderr}`));
      });
    },
  );

  return {
    ...ready,
    instance,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it returns a value (not undefined); an error from `check` ends it at once. */
export function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  return until(what, check, { timeoutMs, intervalMs: 100, retryErrors: false });
}
