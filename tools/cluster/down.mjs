#!/usr/bin/env node
// `npm run down`: stops what `npm run up` started, and only that. Pods go first (deleted through the API so
// the kubelet stops their containers; whatever is left of them is removed by label), then the kubelet, the
// API server and etcd. dockerd and the registry mirror keep running unless --all is given.
//
// Every API call goes to our API server only: when 127.0.0.1:8080 is answered by something else (the
// compose cluster of deploy/, another developer's test server), down leaves its pods alone.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerState } from '../images/lib/docker.mjs';
import { mirrorName } from '../images/lib/mirror.mjs';
import { colours, Progress } from '../images/lib/progress.mjs';
import { probe, run } from '../images/lib/shell.mjs';
import { deleteJson, getJson } from './lib/api.mjs';
import { components, kubeletNodeName } from './lib/components.mjs';
import { listensOn } from './lib/ports.mjs';
import { processesWhere, runningPid, stopProcess } from './lib/processes.mjs';
import { endpoints, ensureStateDir, stateDir } from './lib/state.mjs';

const instanceLabel = 'io.groundkube.runtime.instance';
const podDeleteTimeoutMs = 45000;
const podGracePeriodSeconds = 5;
const podsUrl = `${endpoints.apiserver}/api/v1/pods`;

/** The nodes our kubelet runs: its node name now and the one `up` recorded when the node became Ready. */
function ownNodes() {
  let recorded = [];
  try {
    const names = JSON.parse(readFileSync(path.join(stateDir, 'nodes.json'), 'utf8'));
    if (Array.isArray(names)) recorded = names.filter((n) => typeof n === 'string');
  } catch {
    // No record: up never got its node Ready.
  }
  return [...new Set([kubeletNodeName, ...recorded])];
}

/**
 * Why the API server on 127.0.0.1:8080 is not the one `up` started, or null when it is: our pid file must
 * name a live process with our command line, and that process must hold the listening socket itself.
 */
function notOurApiServer() {
  const pid = runningPid('apiserver', components.apiserver.marker);
  if (pid === null) return 'the API server npm run up started is not running';
  const port = Number(new URL(endpoints.apiserver).port);
  if (!listensOn(pid, port)) return `our API server (pid ${pid}) does not hold port ${port}`;
  return null;
}

/**
 * Kubelets on this machine that `up` did not start but that register one of `nodes`: another checkout's
 * `npm run up` names its node after the same hostname, and its pods' containers carry the same runtime
 * instance label as ours would, so they are not ours to remove.
 */
function otherKubeletsOf(nodes, ourPid) {
  const nodeOf = (args) => {
    const at = args.findIndex((a) => a === '--hostname-override' || a.startsWith('--hostname-override='));
    if (at === -1) return kubeletNodeName;
    const value = args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
    return (value ?? '').trim().toLowerCase();
  };
  return processesWhere((args) => args.some((a) => a.endsWith(path.join('kubelet', 'main.js'))))
    .filter((p) => p.pid !== ourPid && nodes.includes(nodeOf(p.args)))
    .map((p) => p.pid);
}

function containersOf(nodes) {
  const ids = new Set();
  for (const node of nodes) {
    const result = probe('docker', ['ps', '-aq', '--filter', `label=${instanceLabel}=${node}`]);
    for (const id of result.stdout.split('\n').filter(Boolean)) ids.add(id);
  }
  return [...ids];
}

/** The pods the API server lists, or null when it does not answer with a list. */
async function listPods() {
  try {
    const { status, body } = await getJson(podsUrl);
    if (status !== 200) return null;
    return (body?.items ?? []).map((p) => ({
      ns: p?.metadata?.namespace,
      name: p?.metadata?.name,
      node: p?.spec?.nodeName ?? '',
    }));
  } catch {
    return null;
  }
}

/**
 * Deletes every pod, then waits for those bound to our kubelet's node(s) to go: nobody else here can finish
 * a graceful delete, so a pod bound to another node name stays Terminating and is not waited for.
 * @returns {Promise<{ note: string, left: { ns: string, name: string, node: string }[] }>}
 */
async function deletePods(nodes, kubeletRuns) {
  const pods = await listPods();
  if (pods === null) return { note: 'could not list pods', left: [] };
  // A short grace period, as `kubectl delete --grace-period=5` gives: the seed's busybox runs a shell loop as
  // PID 1, which ignores SIGTERM, so its default 30 s would always be waited out in full.
  for (const pod of pods) {
    await deleteJson(`${endpoints.apiserver}/api/v1/namespaces/${pod.ns}/pods/${pod.name}`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: podGracePeriodSeconds,
    });
  }
  const ours = (pod) => kubeletRuns && nodes.includes(pod.node);
  const deadline = Date.now() + podDeleteTimeoutMs;
  let left = pods;
  for (;;) {
    left = (await listPods()) ?? left;
    if (!left.some(ours)) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  const stuck = left.filter(ours).length;
  const deleted = `deleted ${pods.length} (grace period ${podGracePeriodSeconds} s)`;
  if (left.length === 0) return { note: deleted, left };
  const parts = [deleted];
  if (stuck > 0)
    parts.push(`${stuck} on ${nodes.join(', ')} still listed after ${podDeleteTimeoutMs / 1000} s`);
  if (left.length > stuck)
    parts.push(`${left.length - stuck} left Terminating (no kubelet of ours runs their node)`);
  return { note: parts.join('; '), left };
}

/** One line per pod down could not finish, with the command that removes it from etcd. */
function reportLeftPods(progress, left, purge) {
  if (left.length === 0) return;
  if (purge) {
    const names = left.map((p) => `${p.ns}/${p.name}`).join(', ');
    progress.warn(
      `${names} ${left.length === 1 ? 'stays' : 'stay'} Terminating until --purge below removes etcd's data`,
    );
    return;
  }
  progress.warn(
    'these pods stay Terminating in etcd; after the next npm run up, remove each with the command shown:',
  );
  for (const pod of left) {
    progress.info(
      `    ${pod.ns}/${pod.name} (node ${pod.node || 'none'}): ` +
        `kubectl delete pod ${pod.name} -n ${pod.ns} --grace-period=0 --force`,
    );
  }
}

async function main() {
  const all = process.argv.includes('--all');
  const purge = process.argv.includes('--purge');
  const progress = new Progress({ prefix: '  ' });
  ensureStateDir();
  process.stderr.write(`${colours.bold('groundkube down')}\n`);

  const nodes = ownNodes();
  const kubeletPid = runningPid('kubelet', components.kubelet.marker);
  const kubeletRuns = kubeletPid !== null;
  const whyNotOurs = notOurApiServer();
  if (whyNotOurs === null) {
    let left = [];
    await progress.step('delete all pods through the API', async () => {
      const result = await deletePods(nodes, kubeletRuns);
      left = result.left;
      return result.note;
    });
    reportLeftPods(progress, left, purge);
  } else {
    progress.info(
      `pods left alone: ${whyNotOurs} (what answers on ${endpoints.apiserver}, if anything, is not ours)`,
    );
  }
  // Wait a little for the kubelet to stop the containers of deleted pods itself, then stop the kubelet.
  if (kubeletRuns) {
    const deadline = Date.now() + 20000;
    while (containersOf(nodes).length > 0 && Date.now() < deadline) await sleep(250);
  }
  await progress.step('stop kubelet', () => stopProcess('kubelet', components.kubelet.marker));
  await progress.step(`remove leftover pod containers of node ${nodes.join(', ')}`, async () => {
    const others = otherKubeletsOf(nodes, kubeletPid);
    if (others.length > 0)
      return `left alone: a kubelet npm run up did not start runs that node (pid ${others.join(', ')})`;
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
    await progress.step('stop dockerd (if up started it)', () =>
      stopProcess('dockerd', 'dockerd', { timeoutMs: 30000 }),
    );
  } else {
    progress.info(
      `dockerd and the registry mirror ${mirrorName} keep running (npm run down -- --all stops them too)`,
    );
  }
  if (purge) {
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
