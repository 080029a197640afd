// Processes for the kubelet's integration tests: a real API server (the built apps/apiserver, on a real etcd)
// and kubelets (the built apps/kubelet), each on free ports, plus Docker inspection by runtime instance.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { RestClient } from '@groundkube/client';
import {
  buildApp,
  freePort,
  startApp,
  startEtcd,
  until as poll,
  type AppProcess,
  type EtcdServer,
} from '@groundkube/testing';

const exec = promisify(execFile);

/** Polls fn every 250 ms until it returns a value (not undefined); 60 s unless told. */
export function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return poll(what, fn, { timeoutMs, intervalMs: 250 });
}

export { buildApp };

/** A built app started by this fixture. */
export type ProcessHandle = AppProcess;

export interface ApiServerFixture extends AsyncDisposable {
  url: string;
  client: RestClient;
  process: ProcessHandle;
  /** Stops the API server (SIGTERM) and starts it again on the same port and etcd. */
  restart(): Promise<void>;
}

/** The API server's flags (the seed's, plus where to listen). */
function apiServerArgs(etcdEndpoint: string, port: number): string[] {
  return [
    `--etcd-servers=${etcdEndpoint}`,
    `--insecure-port=${port}`,
    '--insecure-bind-address=127.0.0.1',
    '--service-cluster-ip-range=10.0.0.0/16',
  ];
}

export async function startApiServer(): Promise<ApiServerFixture & { etcd: EtcdServer }> {
  const etcd = await startEtcd();
  const script = await buildApp('apiserver');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const client = new RestClient({ server: url, timeoutMs: 10_000 });
  const launch = async (): Promise<ProcessHandle> => {
    const proc = startApp(script, apiServerArgs(etcd.endpoint, port));
    const healthy = async () => {
      const res = await client.raw({ method: 'GET', path: '/api/v1/namespaces/default' });
      return res.statusCode === 200 ? true : undefined;
    };
    await until('the API server', healthy, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${proc.output()}`);
    });
    return proc;
  };
  const fixture = {
    url,
    client,
    process: await launch(),
    etcd,
    restart: async (): Promise<void> => {
      await fixture.process.stop();
      fixture.process = await launch();
    },
    [Symbol.asyncDispose]: async (): Promise<void> => {
      client.close();
      await fixture.process.stop();
      await etcd[Symbol.asyncDispose]();
    },
  };
  return fixture;
}

export interface KubeletFixture {
  nodeName: string;
  rootDir: string;
  port: number;
  process: ProcessHandle;
}

/** Starts the built kubelet against `apiServerUrl` with its own node name, root dir and port. */
export async function startKubelet(options: {
  script: string;
  apiServerUrl: string;
  nodeName: string;
  rootDir?: string;
  port?: number;
  /** More flags, e.g. `--container-runtime-endpoint=...`. */
  extraArgs?: string[];
}): Promise<KubeletFixture> {
  const rootDir = options.rootDir ?? (await mkdtemp(path.join(os.tmpdir(), `gk-${options.nodeName}-`)));
  const port = options.port ?? (await freePort());
  const proc = startApp(options.script, [
    `--api-servers=${options.apiServerUrl}`,
    `--hostname-override=${options.nodeName}`,
    `--root-dir=${rootDir}`,
    `--port=${port}`,
    '--log-level=debug',
    ...(options.extraArgs ?? []),
  ]);
  return { nodeName: options.nodeName, rootDir, port, process: proc };
}

/** Docker containers (running or not) of a runtime instance, optionally of one pod. */
export async function dockerContainers(
  instance: string,
  podUid?: string,
): Promise<{ id: string; name: string; state: string }[]> {
  const filters = ['--filter', `label=io.groundkube.runtime.instance=${instance}`];
  if (podUid !== undefined) filters.push('--filter', `label=io.kubernetes.pod.uid=${podUid}`);
  const { stdout } = await exec('docker', [
    'ps',
    '-a',
    ...filters,
    '--format',
    '{{.ID}} {{.Names}} {{.State}}',
  ]);
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id = '', name = '', state = ''] = l.split(' ');
      return { id, name, state };
    });
}

/** Force-removes every container of a runtime instance and its root dir: the suite's last resort. */
export async function removeInstance(instance: string, rootDir?: string): Promise<void> {
  const ids = (await dockerContainers(instance)).map((c) => c.id);
  if (ids.length > 0) await exec('docker', ['rm', '-f', ...ids]).catch(() => undefined);
  if (rootDir !== undefined) await rm(rootDir, { recursive: true, force: true }).catch(() => undefined);
}
