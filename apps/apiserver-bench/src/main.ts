// API server throughput beside raw etcd, measured in one run on one etcd, printed as ratios. Prints
// numbers only: nothing here asserts a timing.
//
//   npx nx run apiserver-bench:bench                      (10,000 pods, 64 requests in flight)
//   BENCH_PODS=2000 BENCH_CONCURRENCY=32 npx nx run apiserver-bench:bench
//
// Creates: pods POSTed through the API server (our REST client, JSON over HTTP keep-alive), beside
// create-if-absent etcd transactions of the same stored objects (the etcd3 client the API server uses).
// Lists: one LIST of every pod of the namespace through the API server, beside one range read of the same
// number of keys straight from etcd, both decoded to objects by the client.
//
// The API server is the built app in its own process. The etcd under test runs with --unsafe-no-fsync (the test fixture's setting): the raw side is at its
// fastest, so the ratios are conservative for the API server.

import { performance } from 'node:perf_hooks';

import { Etcd3 } from 'etcd3';

import type { KubeObject, Pod } from '@groundkube/api';
import { NAMESPACES, PODS, RestClient } from '@groundkube/client';
import { startEtcd } from '@groundkube/testing';

import { startApiServerProcess } from './api-server-process';
import { runConcurrently } from './concurrency';
import { median, rate } from './stats';

const PODS_TOTAL = Number(process.env['BENCH_PODS'] ?? 10_000);
const IN_FLIGHT = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const LIST_ROUNDS = Number(process.env['BENCH_LIST_ROUNDS'] ?? 5);
const NAMESPACE = 'bench';
const RAW_PREFIX = `/bench-raw/pods/${NAMESPACE}/`;

function benchPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'bench' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }],
    },
  };
}

function podName(i: number): string {
  return `pod-${String(i).padStart(6, '0')}`;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(`apiserver bench: ${PODS_TOTAL} pods, ${IN_FLIGHT} requests in flight\n`);
  await using etcd = await startEtcd();
  await using server = await startApiServerProcess(etcd.endpoint, AbortSignal.timeout(60_000));
  const api = new RestClient({ server: server.url, userAgent: 'groundkube-bench', timeoutMs: 120_000 });
  // Same client settings as the API server's storage: a range read of 10,000 pods exceeds gRPC's 4 MiB default.
  const etcdClient = new Etcd3({
    hosts: etcd.endpoint,
    grpcOptions: { 'grpc.max_receive_message_length': 2 ** 31 - 1 },
  });
  try {
    await api.create(
      { resource: NAMESPACES },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    );

    // The raw side writes what the API server stores, so both sides move the same bytes.
    const sample = await api.create<Pod>({ resource: PODS, namespace: NAMESPACE }, benchPod('sample'));
    const stored: KubeObject = { ...sample, metadata: { ...sample.metadata } };
    delete stored.metadata.resourceVersion;
    const storedJson = (name: string): string =>
      JSON.stringify({ ...stored, metadata: { ...stored.metadata, name } });
    await api.delete({ resource: PODS, namespace: NAMESPACE, name: 'sample' }, { gracePeriodSeconds: 0 });

    // Warm both paths (connections, JIT) before measuring.
    await runConcurrently(200, IN_FLIGHT, async (i) => {
      const key = `/bench-warmup/${i}`;
      await etcdClient
        .if(key, 'Create', '==', 0)
        .then(etcdClient.put(key).value(storedJson(`w${i}`)))
        .commit();
    });
    await runConcurrently(200, IN_FLIGHT, async (i) => {
      await api.create(
        { resource: PODS, namespace: 'default' },
        { ...benchPod(`warmup-${i}`), metadata: { name: `warmup-${i}` } },
      );
    });

    process.stdout.write('creating through etcd (create-if-absent transactions)...\n');
    const rawCreate = await timed(() =>
      runConcurrently(PODS_TOTAL, IN_FLIGHT, async (i) => {
        const key = RAW_PREFIX + podName(i);
        const result = await etcdClient
          .if(key, 'Create', '==', 0)
          .then(etcdClient.put(key).value(storedJson(podName(i))))
          .commit();
        if (!result.succeeded) throw new Error(`raw create of ${key} found the key present`);
      }),
    );

    process.stdout.write('creating through the API server (POST /api/v1/namespaces/bench/pods)...\n');
    const apiCreate = await timed(() =>
      runConcurrently(PODS_TOTAL, IN_FLIGHT, async (i) => {
        await api.create({ resource: PODS, namespace: NAMESPACE }, benchPod(podName(i)));
      }),
    );

    process.stdout.write(`listing ${PODS_TOTAL} pods, ${LIST_ROUNDS} rounds each...\n`);
    const rawLists: number[] = [];
    const apiLists: number[] = [];
    for (let round = 0; round < LIST_ROUNDS; round++) {
      rawLists.push(
        await timed(async () => {
          const values = await etcdClient.getAll().prefix(RAW_PREFIX).strings();
          const items = Object.values(values).map((v) => JSON.parse(v) as KubeObject);
          if (items.length !== PODS_TOTAL) throw new Error(`raw range read returned ${items.length} pods`);
        }),
      );
      apiLists.push(
        await timed(async () => {
          const list = await api.list({ resource: PODS, namespace: NAMESPACE });
          if (list.items.length !== PODS_TOTAL)
            throw new Error(`API list returned ${list.items.length} pods`);
        }),
      );
    }

    const rawCreateRate = rate(PODS_TOTAL, rawCreate);
    const apiCreateRate = rate(PODS_TOTAL, apiCreate);
    const rawList = median(rawLists);
    const apiList = median(apiLists);
    process.stdout.write('\n');
    line('etcd create-if-absent txns/s', rawCreateRate.toFixed(0));
    line('API server pod creates/s', apiCreateRate.toFixed(0));
    line('ratio creates (API / etcd)', (apiCreateRate / rawCreateRate).toFixed(3));
    line(`etcd range read of ${PODS_TOTAL} pods (median)`, `${(rawList * 1000).toFixed(0)} ms`);
    line(`API LIST of ${PODS_TOTAL} pods (median)`, `${(apiList * 1000).toFixed(0)} ms`);
    line('ratio list throughput (API / etcd)', (rawList / apiList).toFixed(3));
  } finally {
    etcdClient.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`apiserver bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
