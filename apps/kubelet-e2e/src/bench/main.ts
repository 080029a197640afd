// Pod start time through the whole system (API create → kubelet → CRI → Docker, seen through a watch), beside
// bare `docker run -d` of the same containers in the same run, printed as ratios. Prints numbers only:
// nothing here asserts a timing.
//
//   npx nx run kubelet-e2e:bench              (5 rounds)
//   BENCH_ROUNDS=10 npx nx run kubelet-e2e:bench

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

import type { Node, Pod } from '@groundkube/api';
import { NODES, PODS, isNotFound } from '@groundkube/client';

import {
  buildApp,
  dockerContainers,
  removeInstance,
  startApiServer,
  startKubelet,
  until,
  type ApiServerFixture,
} from '../cluster-fixture';
import { seedPod, sleeperPod } from '../seed-pod';

const exec = promisify(execFile);

interface Case {
  name: string;
  pod: (name: string, nodeName: string) => Pod;
  /** `docker run -d` argument lists of the same containers, started one after the other. */
  bare: string[][];
}

const SEED_SCRIPT = 'echo hello from busybox > /shared/index.html; echo started; exec sleep 3600';

const CASES: Case[] = [
  {
    name: 'busybox (1 container)',
    pod: sleeperPod,
    bare: [['busybox', 'sleep', '3600']],
  },
  {
    // The seed's pod as written: `image: nginx` (latest, so pulled from the mirror on every start).
    name: 'seed nginx+busybox (2 containers)',
    pod: (name, nodeName) => seedPod({ name, nodeName }),
    bare: [['nginx'], ['busybox', 'sh', '-c', SEED_SCRIPT]],
  },
];

function allStarted(pod: Pod): boolean {
  const want = pod.spec?.containers.length ?? 0;
  const running = (pod.status?.containerStatuses ?? []).filter((c) => c.state?.running).length;
  return want > 0 && running === want;
}

/** Creates the pod and returns the ms until a watch shows every container running. */
async function timePodStart(api: ApiServerFixture, pod: Pod): Promise<number> {
  const name = pod.metadata.name!;
  const list = await api.client.list<Pod>({ resource: PODS, namespace: 'default' });
  const watch = await api.client.watch<Pod>(
    { resource: PODS, namespace: 'default' },
    { fieldSelector: `metadata.name=${name}`, resourceVersion: list.metadata.resourceVersion },
  );
  const t0 = performance.now();
  try {
    await api.client.create<Pod>({ resource: PODS, namespace: 'default' }, pod);
    for await (const ev of watch) {
      if (ev.type === 'ERROR') throw new Error(`watch error: ${ev.object.message ?? ''}`);
      if (ev.type !== 'BOOKMARK' && allStarted(ev.object)) return performance.now() - t0;
    }
    throw new Error(`watch on ${name} ended before its containers started`);
  } finally {
    watch.close();
  }
}

async function deletePod(api: ApiServerFixture, nodeName: string, pod: Pod): Promise<void> {
  const target = { resource: PODS, namespace: 'default', name: pod.metadata.name! };
  await api.client.delete(target);
  await until(`${pod.metadata.name} deleted`, async () => {
    try {
      await api.client.get<Pod>(target);
      return undefined;
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
  });
  await until('its containers removed', async () =>
    (await dockerContainers(nodeName)).length === 0 ? true : undefined,
  );
}

/** `docker run -d` of each container in turn (each returns once its container started); ms for all. */
async function timeBareRun(bare: string[][], label: string): Promise<number> {
  const ids: string[] = [];
  const t0 = performance.now();
  try {
    for (const args of bare) {
      const { stdout } = await exec('docker', ['run', '-d', '--label', label, ...args]);
      ids.push(stdout.trim());
    }
    return performance.now() - t0;
  } finally {
    if (ids.length > 0) await exec('docker', ['rm', '-f', ...ids]);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (v: number): string => `${v.toFixed(0)} ms`;

async function main(): Promise<void> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? '5');
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('BENCH_ROUNDS must be a positive integer');
  const nodeName = `bench-${randomUUID().slice(0, 8)}`;
  const bareLabel = `io.groundkube.bench=${nodeName}`;

  process.stdout.write(`starting etcd, the API server and a kubelet (node ${nodeName})...\n`);
  await using api = await startApiServer();
  const kubelet = await startKubelet({ script: await buildApp('kubelet'), apiServerUrl: api.url, nodeName });
  try {
    await until('node Ready', async () => {
      const n = await api.client.get<Node>({ resource: NODES, name: nodeName });
      return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? n : undefined;
    });

    const rows: string[] = [];
    for (const c of CASES) {
      const pod: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first so neither always meets a warmer engine.
        const runPod = async (): Promise<void> => {
          const p = c.pod(`bench-${i}-${randomUUID().slice(0, 6)}`, nodeName);
          pod.push(await timePodStart(api, p));
          await deletePod(api, nodeName, p);
        };
        const runBare = async (): Promise<void> => {
          bare.push(await timeBareRun(c.bare, bareLabel));
        };
        if (i % 2 === 0) {
          await runPod();
          await runBare();
        } else {
          await runBare();
          await runPod();
        }
      }
      const ratio = median(pod) / median(bare);
      rows.push(
        `${c.name.padEnd(36)} pod ${ms(median(pod)).padStart(8)}   docker run -d ${ms(median(bare)).padStart(8)}   ratio ${ratio.toFixed(2)}`,
      );
      process.stdout.write(
        `${c.name}: pod [${pod.map(ms).join(', ')}], docker run -d [${bare.map(ms).join(', ')}]\n`,
      );
    }
    process.stdout.write(
      `\nmedians of ${rounds} rounds (pod: create until every container running, via watch)\n`,
    );
    for (const r of rows) process.stdout.write(`${r}\n`);
  } finally {
    await kubelet.process.stop('SIGKILL');
    await removeInstance(nodeName, kubelet.rootDir);
    const { stdout } = await exec('docker', ['ps', '-aq', '--filter', `label=${bareLabel}`]);
    const left = stdout.split('\n').filter((l) => l !== '');
    if (left.length > 0) await exec('docker', ['rm', '-f', ...left]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
