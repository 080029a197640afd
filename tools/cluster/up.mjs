#!/usr/bin/env node
// `npm run up`: a one-node groundkube cluster on this machine, the way the seed post builds it by hand —
// etcd, then the API server on 127.0.0.1:8080, then a kubelet that registers its node — each in the
// background with its log and pid file in .groundkube/. Installs what is missing first (as root), starts a
// Docker engine if none answers, makes the images present and builds the apps. Safe to run twice.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureImages } from '../images/ensure.mjs';
import { colours, formatSeconds, Progress } from '../images/lib/progress.mjs';
import { run } from '../images/lib/shell.mjs';
import { answers, getJson, readyNodes } from './lib/api.mjs';
import { components, kubeletNodeName } from './lib/components.mjs';
import { ensureEngine } from './lib/engine.mjs';
import { ensureNodeModules, ensurePackages } from './lib/prerequisites.mjs';
import { ensurePortsFree } from './lib/ports.mjs';
import { logTail, runningPid, startDetached, stillRunning } from './lib/processes.mjs';
import { endpoints, ensureStateDir, filesOf, repoRoot, stateDir } from './lib/state.mjs';
import { engineInfo } from '../images/lib/docker.mjs';

const readyTimeoutMs = Number(process.env.GROUNDKUBE_UP_TIMEOUT_MS ?? 90000);

/** Starts one component unless ours already runs; waits until it answers. */
async function startComponent(component, isReady) {
  const existing = runningPid(component.name, component.marker);
  if (existing !== null && (await isReady())) return `already running (pid ${existing})`;
  let pid = existing;
  if (pid === null) {
    if (component.readyUrl && (await answers(component.readyUrl))) {
      throw new Error(
        `something not started by groundkube already answers on ${new URL(component.readyUrl).host}; stop it ` +
          `(or run npm run down) and try again`,
      );
    }
    pid = startDetached(component.name, component.command, component.args(), { cwd: repoRoot }).pid;
  }
  const { log } = filesOf(component.name);
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await isReady())) {
    if (!stillRunning(pid))
      throw new Error(`${component.name} exited while starting; last lines of ${log}:\n${logTail(log)}`);
    if (Date.now() > deadline) {
      throw new Error(
        `${component.name} (pid ${pid}) not ready after ${readyTimeoutMs / 1000} s; see ${log}:\n${logTail(log)}`,
      );
    }
    await sleep(200);
  }
  return `${existing === null ? 'started' : 'running'} (pid ${pid})`;
}

/** Whether our kubelet's node is Ready (another kubelet pointed at this API server does not count). */
async function nodeReady() {
  try {
    const { status, body } = await getJson(`${endpoints.apiserver}/api/v1/nodes`);
    return status === 200 && readyNodes(body).includes(kubeletNodeName);
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  const progress = new Progress({ prefix: '  ' });
  ensureStateDir();
  const setupLog = path.join(stateDir, 'setup.log');
  process.stderr.write(
    `${colours.bold('groundkube up')}: one-node cluster on this machine (state in ${stateDir})\n`,
  );

  const ours = ['etcd', 'apiserver', 'kubelet'].map((name) => runningPid(name, components[name].marker));
  if (ours.every((pid) => pid !== null) && (await nodeReady())) {
    const { body } = await getJson(`${endpoints.apiserver}/api/v1/nodes`);
    process.stderr.write(
      `${colours.green('already up')}: etcd, apiserver and kubelet run (pids ${ours.join(', ')}), node ` +
        `${readyNodes(body).join(', ')} Ready. Logs in ${path.relative(repoRoot, stateDir)}/. ` +
        'To restart with new code: npm run down && npm run up\n',
    );
    return;
  }

  // The components not running yet need their ports; one of them taken by somebody else fails here, before
  // etcd is started, rather than leaving half a cluster behind.
  const notRunning = ['etcd', 'apiserver', 'kubelet'].filter((_, i) => ours[i] === null);
  await progress.step('ports', () => ensurePortsFree(notRunning.flatMap((name) => components[name].ports)));
  await progress.step('Debian packages', () =>
    ensurePackages({ needEngine: engineInfo() === null, logFile: setupLog }),
  );
  await progress.step('node_modules', () =>
    ensureNodeModules({ logFile: setupLog, warn: (m) => progress.warn(m) }),
  );
  await progress.step('Docker engine', () => ensureEngine({ warn: (m) => progress.warn(m) }));
  await progress.step('images (tools/images/ensure.mjs)', async () => {
    const result = await ensureImages({ progress: new Progress({ prefix: '      ' }) });
    return result.built.length + result.pushed.length === 0
      ? 'all present'
      : `built ${result.built.length}, pushed ${result.pushed.length}`;
  });
  await progress.step('build apiserver, kubelet, kubectl (nx)', async () => {
    const buildLog = path.join(stateDir, 'build.log');
    try {
      const nxOptions = {
        cwd: repoRoot,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        logFile: buildLog,
      };
      // Codegen first, on its own: Nx here infers no project dependencies from TypeScript imports, so
      // `^codegen` does not reach libs/cri-api from the apps.
      await run('npx', ['nx', 'run-many', '-t', 'codegen', '--outputStyle=static'], nxOptions);
      await run(
        'npx',
        ['nx', 'run-many', '-t', 'build', '-p', 'apiserver', 'kubelet', 'kubectl', '--outputStyle=static'],
        nxOptions,
      );
    } catch (error) {
      throw new Error(`build failed (full output in ${buildLog}):\n${error.output ?? error.message}`);
    }
    for (const app of ['apiserver', 'kubelet', 'kubectl']) {
      if (!existsSync(path.join(repoRoot, 'dist/apps', app, 'main.js')))
        throw new Error(`dist/apps/${app}/main.js missing after build`);
    }
  });
  await progress.step(`etcd on ${endpoints.etcd}`, () =>
    startComponent(components.etcd, () => answers(components.etcd.readyUrl)),
  );
  await progress.step(`API server on ${endpoints.apiserver}`, () =>
    startComponent(components.apiserver, () => answers(components.apiserver.readyUrl)),
  );
  await progress.step('kubelet, until its node is Ready', () =>
    startComponent(components.kubelet, nodeReady),
  );

  const nodes = [kubeletNodeName];
  // down waits for this node's pods and removes its containers by it, even if the hostname changes meanwhile.
  writeFileSync(path.join(stateDir, 'nodes.json'), `${JSON.stringify(nodes)}\n`);
  process.stderr.write(
    [
      '',
      `${colours.green('cluster up')} in ${formatSeconds(Date.now() - started)}: node ${nodes.join(', ')} Ready, API server ${endpoints.apiserver}`,
      `  logs:  ${['etcd', 'apiserver', 'kubelet'].map((n) => path.relative(repoRoot, filesOf(n).log)).join('  ')}`,
      `  try:   kubectl get nodes        (or: npx kubectl get nodes)`,
      `  stop:  npm run down`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`\n${colours.red('groundkube up failed')}: ${error.message}\n`);
  process.stderr.write(
    `  logs are in ${stateDir}/ (setup.log, build.log, etcd.log, apiserver.log, kubelet.log)\n`,
  );
  process.exitCode = 1;
});
