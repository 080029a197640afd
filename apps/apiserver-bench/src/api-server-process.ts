// The built API server (dist/apps/apiserver/main.js) as its own process, as it runs in a cluster, so that
// the bench's client and the server do not share one event loop.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { freePort } from '@groundkube/testing';

const WORKSPACE = path.resolve(__dirname, '../../..');

export interface ApiServerProcess extends AsyncDisposable {
  readonly url: string;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`);
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startApiServerProcess(
  etcdEndpoint: string,
  signal: AbortSignal,
): Promise<ApiServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const script = path.join(WORKSPACE, 'dist/apps/apiserver/main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      script,
      `--etcd-servers=${etcdEndpoint}`,
      '--service-cluster-ip-range=10.0.0.0/16',
      `--insecure-port=${port}`,
      '--log-level=warn',
    ],
    { cwd: WORKSPACE, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; !(await answers(url)); attempt++) {
    if (child.exitCode !== null || attempt > 300 || signal.aborted) {
      await stop();
      throw new Error(`the API server at ${url} did not become ready (exit code ${String(child.exitCode)})`);
    }
    await delay(100);
  }
  return { url, [Symbol.asyncDispose]: stop };
}
