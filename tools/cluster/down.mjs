#!/usr/bin/env node
// `npm run down`: stops what `npm run up` started. Pods go first (deleted through the API so the kubelet
// stops their containers; whatever is left of them is removed by label), then the kubelet, the API server
// and etcd. dockerd and the registry mirror keep running unless --all is given.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerState } from '../images/lib/docker.mjs';
import { mirrorName } from '../images/lib/mirror.mjs';
import { colours, Progress } from '../images/lib/progress.mjs';
import { probe, run } from '../images/lib/shell.mjs';
import { answers, deleteJson, getJson } from './lib/api.mjs';
import { components } from './lib/components.mjs';
import { runningPid, stopProcess } from './lib/processes.mjs';
import { endpoints, ensureStateDir, stateDir } from './lib/state.mjs';

const instanceLabel = 'io.groundkube.runtime.instance';
const podDeleteTimeoutMs = 45000;
const podGracePeriodSeconds = 5;

/** Node names known to the API server, or [] when it does not answer. */
async function nodeNames() {
  try {
    const { status, body } = await getJson(`${endpoints.apiserver}/api/v1/nodes`);
    return status === 200 ? (body?.items ?? []).map((n) => n?.metadata?.name).filter(Boolean) : [];
  } catch {
    return [];
  }
}

/** Node names `up` recorded when the node became Ready. */
function recordedNodes() {
  try {
    const names = JSON.parse(readFileSync(path.join(stateDir, 'nodes.json'), 'utf8'));
    return Array.isArray(names) ? names.filter((n) => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

function containersOf(nodes) {
  const ids = new Set();
  for (const node of nodes) {
    const result = probe('docker', ['ps', '-aq', '--filter', `label=${instanceLabel}=${node}`]);
    for (const id of result.stdout.split('\n').filter(Boolean)) ids.add(id);
  }
  return [...ids];
}

async function deletePods() {
  const { status, body } = await getJson(`${endpoints.apiserver}/api/v1/pods`);
  if (status !== 200) return `could not list pods (HTTP ${status})`;
  const pods = (body?.items ?? []).map((p) => ({ ns: p?.metadata?.namespace, name: p?.metadata?.name }));
  // A short grace period, as `kubectl delete --grace-period=5` gives: the seed's busybox runs a shell loop as
  // PID 1, which ignores SIGTERM, so its default 30 s would always be waited out in full.
  for (const pod of pods) {
    await deleteJson(`${endpoints.apiserver}/api/v1/namespaces/${pod.ns}/pods/${pod.name}`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: podGracePeriodSeconds,
    });
  }
  const deadline = Date.now() + podDeleteTimeoutMs;
  for (;;) {
    const left = await getJson(`${endpoints.apiserver}/api/v1/pods`).catch(() => null);
    const count = left?.body?.items?.length ?? 0;
    if (count === 0) return `deleted ${pods.length} (grace period ${podGracePeriodSeconds} s)`;
    if (Date.now() > deadline) return `deleted ${pods.length}; ${count} still listed after ${podDeleteTimeoutMs / 1000} s`;
    await sleep(250);
  }
}

async function main() {
  const all = process.argv.includes('--all');
  const progress = new Progress({ prefix: '  ' });
  ensureStateDir();
  process.stderr.write(`${colours.bold('groundkube down')}\n`);

  const nodes = [...new Set([...(await nodeNames()), ...recordedNodes()])];
  if (await answers(`${endpoints.apiserver}/api/v1/pods`)) {
    await progress.step('delete all pods through the API', deletePods);
  }
  // Wait a little for the kubelet to stop the containers of deleted pods itself, then stop the kubelet.
  if (runningPid('kubelet', components.kubelet.marker) !== null && nodes.length > 0) {
    const deadline = Date.now() + 20000;
    while (containersOf(nodes).length > 0 && Date.now() < deadline) await sleep(250);
  }
  await progress.step('stop kubelet', () => stopProcess('kubelet', components.kubelet.marker));
  await progress.step('remove leftover pod containers', async () => {
    const ids = containersOf(nodes);
    if (ids.length > 0) await run('docker', ['rm', '-f', '-v', ...ids]);
    return ids.length === 0 ? 'none' : `removed ${ids.length}`;
  });
  await progress.step('stop API server', () => stopProcess('apiserver', components.apiserver.marker));
  await progress.step('stop etcd', () => stopProcess('etcd', components.etcd.marker));

  if (all) {
    await progress.step(`remove registry mirror ${mirrorName}`, async () => {
      if (!containerState(mirrorName)) return 'not present';
      await run('docker', ['rm', '-f', mirrorName]);
      return 'removed (images stay; tools/images/ensure.mjs recreates it)';
    });
    await progress.step('stop dockerd (if up started it)', () => stopProcess('dockerd', 'dockerd', { timeoutMs: 30000 }));
  } else {
    progress.info(`dockerd and the registry mirror ${mirrorName} keep running (npm run down -- --all stops them too)`);
  }
  if (process.argv.includes('--purge')) {
    rmSync(path.join(stateDir, 'etcd'), { recursive: true, force: true });
    progress.info('etcd data removed');
  } else {
    progress.info(`etcd data stays in ${path.join(stateDir, 'etcd')} (npm run down -- --purge removes it)`);
  }
}

main().catch((error) => {
  process.stderr.write(`\n${colours.red('groundkube down failed')}: ${error.message}\n`);
  process.exitCode = 1;
});
