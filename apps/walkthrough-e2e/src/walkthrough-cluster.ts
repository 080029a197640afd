// The cluster of the walkthrough, started as `npm run up` starts it: a real etcd, the built API server with
// the seed's flags, and the built kubelet registering a node, all on this machine's Docker engine.
//
// It differs from `npm run up` only where sharing the machine with a dev cluster demands it:
// - etcd runs on free ports (the dev cluster's etcd owns 2379);
// - the API server listens on 8080, the port the real kubectl uses when it has no kubeconfig, when 8080 is
//   free; otherwise on a free port, and kubectl gets a kubeconfig naming it (see kubectl-runner.ts);
// - the kubelet registers a node named walkthrough-<random> rather than the hostname, with its own root dir
//   and port: the dev cluster's kubelet uses the hostname, and the node name is also the runtime instance that
//   labels containers, so two kubelets with one name on one engine would take each other's containers.

import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, startEtcd, type EtcdServer } from '@groundkube/testing';

import { buildApp, exec, Exited, LOG_DIR, startApp, until, type AppProcess } from './processes';

export const SEED_PORT = 8080;

export interface WalkthroughCluster extends AsyncDisposable {
  readonly apiUrl: string;
  readonly port: number;
  readonly nodeName: string;
  readonly ourKubectl: string;
  readonly etcd: EtcdServer;
  readonly apiserver: AppProcess;
  readonly kubelet: AppProcess;
  /** The API server's and kubelet's output, for failure messages. */
  logs(): string;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.text();
  return response.ok;
}

async function nodeIsReady(apiUrl: string, nodeName: string): Promise<true | undefined> {
  const response = await fetch(`${apiUrl}/api/v1/nodes/${nodeName}`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) return undefined;
  const node = (await response.json()) as { status?: { conditions?: { type: string; status: string }[] } };
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
}

export async function startWalkthroughCluster(): Promise<WalkthroughCluster> {
  const [apiserverScript, kubeletScript, ourKubectl] = await Promise.all([
    buildApp('apiserver'),
    buildApp('kubelet'),
    buildApp('kubectl'),
  ]);
  const etcd = await startEtcd();
  const port = (await portIsFree(SEED_PORT)) ? SEED_PORT : await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const seedFlags = [`--etcd-servers=${etcd.endpoint}`, '--service-cluster-ip-range=10.0.0.0/16'];
  // --v=4 logs every request (into the log file): what a failed step asked of the API server.
  const apiserver = startApp(
    apiserverScript,
    [
      ...seedFlags,
      ...(port === SEED_PORT ? [] : [`--insecure-port=${port}`, '--insecure-bind-address=127.0.0.1']),
      '--v=4',
    ],
    path.join(LOG_DIR, 'apiserver.log'),
  );

  const nodeName = `walkthrough-${Math.random().toString(36).slice(2, 8)}`;
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'gk-walkthrough-kubelet-'));
  let kubelet: AppProcess | undefined;
  const logs = (): string =>
    `full logs in ${LOG_DIR}\n--- kubelet output (end) ---\n${kubelet?.output().slice(-6000) ?? ''}`;
  const dispose = async (): Promise<void> => {
    await kubelet?.stop();
    // Whatever the kubelet left behind (a failed run): every container of its runtime instance.
    const { stdout } = await exec('docker', [
      'ps',
      '-aq',
      '--filter',
      `label=io.groundkube.runtime.instance=${nodeName}`,
    ]);
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await exec('docker', ['rm', '-f', '-v', ...ids]).catch(() => undefined);
    await apiserver.stop();
    await etcd.stop();
    await rm(rootDir, { recursive: true, force: true });
  };

  try {
    await until(
      'the API server to answer',
      async () => {
        if (apiserver.child.exitCode !== null)
          throw new Exited(`the API server exited with ${apiserver.child.exitCode}`);
        return (await answers(`${apiUrl}/api/v1/namespaces/default`)) || undefined;
      },
      30_000,
    );
    kubelet = startApp(
      kubeletScript,
      [
        `--api-servers=127.0.0.1:${port}`,
        `--hostname-override=${nodeName}`,
        `--root-dir=${rootDir}`,
        `--port=${await freePort()}`,
        '--log-level=debug',
      ],
      path.join(LOG_DIR, 'kubelet.log'),
    );
    const started = kubelet;
    await until(
      `node ${nodeName} to be Ready`,
      async () => {
        if (started.child.exitCode !== null)
          throw new Exited(`the kubelet exited with ${started.child.exitCode}`);
        return nodeIsReady(apiUrl, nodeName);
      },
      60_000,
    );
  } catch (err) {
    await dispose();
    throw new Error(`${String(err)}\n${logs()}`);
  }
  return {
    apiUrl,
    port,
    nodeName,
    ourKubectl,
    etcd,
    apiserver,
    kubelet,
    logs,
    [Symbol.asyncDispose]: dispose,
  };
}
