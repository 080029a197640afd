// The server side of the suite: a real etcd and the built API server (apps/apiserver bundled from this
// checkout) on free ports, plus a REST client for seeding and resetting objects between the two kubectls.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import { RestClient } from '@groundkube/client';
import { freePort, startEtcd, type EtcdServer } from '@groundkube/testing';

export const WORKSPACE = path.resolve(__dirname, '../../..');

/** The bundled API server, built from this checkout by global-setup.cjs before the spec files start. */
const API_SERVER_SCRIPT = path.join(WORKSPACE, 'dist/apps/apiserver/main.js');

export interface Cluster extends AsyncDisposable {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly client: RestClient;
  readonly etcd: EtcdServer;
  /** What the API server printed (for failure messages). */
  output(): string;
}

/** Polls `probe` until it returns a value; the last error goes into the timeout message. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** Starts etcd and the API server (the seed's flags, on a free port). */
export async function startCluster(): Promise<Cluster> {
  const script = API_SERVER_SCRIPT;
  const etcd = await startEtcd();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      script,
      `--etcd-servers=${etcd.endpoint}`,
      `--insecure-port=${port}`,
      '--insecure-bind-address=127.0.0.1',
      '--service-cluster-ip-range=10.0.0.0/16',
    ],
    { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-1_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new RestClient({ server: url, timeoutMs: 10_000 });

  const stop = async (): Promise<void> => {
    client.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await etcd[Symbol.asyncDispose]();
  };
  try {
    await until('the API server', async () => {
      if (child.exitCode !== null) throw new Error(`the API server exited:\n${out}`);
      const res = await client.raw({ method: 'GET', path: '/api/v1/namespaces/kube-system' });
      return res.statusCode === 200 ? true : undefined;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, client, etcd, output: () => out, [Symbol.asyncDispose]: stop };
}
