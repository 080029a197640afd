#!/usr/bin/env node
// `npm test`: everything CI checks, in one run, ending with one totals line `N passed, M failed`.
//
//   1. prerequisites: Debian packages (installed as root), node_modules, a Docker engine with the registry
//      mirror (started as root when none answers, as `npm run up` does), the images (tools/images/ensure.mjs)
//   2. codegen, typecheck and build of every project (`nx run-many -t typecheck build`), then lint
//   3. every Jest project (libs/*, apps/*, e2e projects included), each in its own Jest process, in two
//      lanes side by side (tools/test/lib/projects.mjs says which), with a time per project at the end
//
// N counts passed tests; M counts failed tests, suites that could not run, and failed steps.
// Exit status is non-zero when anything failed. Logs and Jest reports: .groundkube/test/.
//   npm test -- --skip-build              skip step 2 (quicker local reruns)
//   npm test -- --only=kubelet,apiserver  only these Jest projects
//   npm test -- <jest args…>              anything else goes to every Jest run (e.g. -t 'a test name')
// Environment: GROUNDKUBE_PROJECT_TIMEOUT_S (default 900) kills a Jest project that runs longer.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImages } from '../images/ensure.mjs';
import { engineInfo } from '../images/lib/docker.mjs';
import { colours, formatSeconds, Progress } from '../images/lib/progress.mjs';
import { probe } from '../images/lib/shell.mjs';
import { ensureEngine } from '../cluster/lib/engine.mjs';
import { ensureNodeModules, ensurePackages } from '../cluster/lib/prerequisites.mjs';
import { failureReport, runJestProject } from './lib/jest-project.mjs';
import { jestProjects } from './lib/projects.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stateDir = path.join(repoRoot, '.groundkube');
const outDir = path.join(stateDir, 'test');

/** Runs a command with its output shown as it comes; resolves to the exit status. */
function runShown(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      process.stderr.write(`cannot run ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
}

/** Containers a groundkube runtime made that still exist (tests must remove what they create). */
function leftoverContainers() {
  const result = probe('docker', ['ps', '-a', '--filter', 'label=io.groundkube.runtime.instance', '--format', '{{.Names}} ({{.Status}})']);
  return result.stdout.split('\n').filter(Boolean);
}

function parseArgs(argv) {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean);
  return {
    skipBuild: argv.includes('--skip-build'),
    only,
    jestArgs: argv.filter((arg) => arg !== '--skip-build' && !arg.startsWith('--only=')),
  };
}

/** Runs the projects in lanes: each lane one project at a time, the lanes side by side. */
async function runLanes(projects, runOne) {
  const lanes = new Map();
  for (const project of projects) lanes.set(project.lane, [...(lanes.get(project.lane) ?? []), project]);
  const results = [];
  await Promise.all(
    [...lanes.values()].map(async (queue) => {
      for (const project of queue) results.push(await runOne(project));
    }),
  );
  return results;
}

function resultsTable(results) {
  const width = Math.max(7, ...results.map((r) => r.project.name.length));
  const lines = [`${'project'.padEnd(width)}  lane    ${'passed'.padStart(6)} ${'failed'.padStart(6)}  ${'time'.padStart(7)}`];
  for (const r of [...results].sort((a, b) => b.ms - a.ms)) {
    const failed = r.failed + r.brokenSuites.length + (r.problem ? 1 : 0);
    lines.push(
      `${r.project.name.padEnd(width)}  ${r.project.lane.padEnd(6)}  ${String(r.passed).padStart(6)} ${String(failed).padStart(6)}  ${formatSeconds(r.ms).padStart(7)}`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const { skipBuild, only, jestArgs } = parseArgs(process.argv.slice(2));
  const progress = new Progress({ prefix: '  ' });
  mkdirSync(stateDir, { recursive: true });
  const setupLog = path.join(stateDir, 'setup.log');
  /** @type {string[]} names of what failed (one entry per failure) */
  const failures = [];
  let passed = 0;

  const step = async (title, fn) => {
    try {
      await progress.step(title, fn);
      return true;
    } catch (error) {
      failures.push(title);
      process.stderr.write(`${colours.red('✗')} ${title}: ${error.message}\n`);
      return false;
    }
  };

  process.stderr.write(`${colours.bold('groundkube test')}: prerequisites, build, lint, every Jest project\n`);
  const ready =
    (await step('Debian packages', () => ensurePackages({ needEngine: engineInfo() === null, logFile: setupLog }))) &&
    (await step('node_modules', () => ensureNodeModules({ logFile: setupLog, warn: (m) => progress.warn(m) }))) &&
    (await step('Docker engine', () => ensureEngine({ warn: (m) => progress.warn(m) }))) &&
    (await step('images (tools/images/ensure.mjs)', async () => {
      const result = await ensureImages({ progress: new Progress({ prefix: '      ' }) });
      return result.built.length + result.pushed.length === 0 ? 'all present' : `built ${result.built.length}, pushed ${result.pushed.length}`;
    }));

  const nxEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    // No colour codes in CI logs (Nx colours even when its output is a pipe).
    ...(process.stderr.isTTY ? {} : { FORCE_COLOR: '0' }),
  };
  if (ready && !skipBuild) {
    await step('codegen, typecheck and build (nx run-many -t codegen, then -t typecheck build)', async () => {
      // Codegen on its own first: Nx here infers no project dependencies from TypeScript imports, so a
      // project's `^codegen` does not reach libs/cri-api and a typecheck could run before the code exists.
      const codegen = await runShown('npx', ['nx', 'run-many', '-t', 'codegen', '--outputStyle=static'], nxEnv);
      if (codegen !== 0) throw new Error(`nx codegen exited with ${codegen}`);
      const status = await runShown('npx', ['nx', 'run-many', '-t', 'typecheck', 'build', '--outputStyle=static'], nxEnv);
      if (status !== 0) throw new Error(`nx exited with ${status}`);
    });
    await step('lint (nx run-many -t lint)', async () => {
      const status = await runShown('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static'], nxEnv);
      if (status !== 0) throw new Error(`nx lint exited with ${status}`);
    });
  }

  let results = [];
  if (ready) {
    const projects = jestProjects(repoRoot).filter((p) => !only || only.includes(p.name));
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const env = { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true', FORCE_COLOR: '0', NX_DAEMON: 'false' };
    const timeoutMs = Number(process.env.GROUNDKUBE_PROJECT_TIMEOUT_S ?? 900) * 1000;
    process.stderr.write(
      `\n${colours.bold('Jest')}: ${projects.length} projects, lanes ${[...new Set(projects.map((p) => p.lane))]
        .map((lane) => `${lane} (${projects.filter((p) => p.lane === lane).map((p) => p.name).join(', ')})`)
        .join(' | ')}; logs in ${path.relative(repoRoot, outDir)}/\n`,
    );
    results = await runLanes(projects, async (project) => {
      const result = await runJestProject(project, { repoRoot, outDir, jestArgs, timeoutMs, env });
      const bad = result.failed + result.brokenSuites.length + (result.problem ? 1 : 0);
      const mark = bad === 0 ? colours.green('✓') : colours.red('✗');
      process.stderr.write(
        `  ${mark} ${project.name}: ${result.passed} passed, ${bad} failed${result.skipped ? `, ${result.skipped} skipped` : ''}, ` +
          `${result.suites} suites ${colours.dim(`(${formatSeconds(result.ms)})`)}${result.problem ? ` — ${result.problem}` : ''}\n`,
      );
      return result;
    });
    for (const result of results) {
      passed += result.passed;
      for (const test of result.failedTests) failures.push(test);
      for (const suite of result.brokenSuites) failures.push(`suite that did not run: ${suite}`);
      if (result.problem) failures.push(`${result.project.name}: ${result.problem}`);
    }
    for (const result of results.filter((r) => r.failed + r.brokenSuites.length > 0 || r.problem)) {
      process.stderr.write(`\n${colours.red(`── ${result.project.name} failures`)} (full log: ${path.relative(repoRoot, result.log)})\n`);
      process.stderr.write(`${failureReport(result, repoRoot)}\n`);
    }
    const leftovers = leftoverContainers();
    if (leftovers.length > 0) {
      progress.warn(
        `${leftovers.length} containers made by a groundkube runtime exist after the tests (a cluster from npm run up, ` +
          `tests running elsewhere, or a suite that did not clean up):\n    ${leftovers.join('\n    ')}`,
      );
    }
  }

  process.stderr.write(`\n${progress.table()}\n`);
  if (results.length > 0) process.stderr.write(`\n${resultsTable(results)}\n`);
  process.stderr.write(`\ntotal time ${formatSeconds(Date.now() - started)}\n`);
  if (failures.length > 0) {
    process.stderr.write(`failed (${failures.length}):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  }
  // The totals line is the last line on stdout, exactly `N passed, M failed`.
  process.stdout.write(`${passed} passed, ${failures.length} failed\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`run-all crashed: ${error?.stack ?? error}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
});
