#!/usr/bin/env node
// `npm test`: everything CI checks, in one run, ending with one totals line `N passed, M failed`.
//
//   1. prerequisites: Debian packages (installed as root), node_modules, a Docker engine (started as root
//      when none answers, as `npm run up` does), the images (tools/images/ensure.mjs)
//   2. codegen + typecheck + build of every project (`nx run-many -t build`), then lint
//   3. every Jest project in one Jest run (jest.config.cjs), JSON results in .groundkube/test-results.json
//
// A failed step counts as one failure in the totals. Exit status is non-zero when anything failed.
//   npm test -- --skip-build          skip step 2 (quicker local reruns)
//   npm test -- <jest args…>          anything else is passed to Jest (e.g. a path pattern)
// Environment: GROUNDKUBE_JEST_WORKERS (default 2).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImages } from '../images/ensure.mjs';
import { engineInfo } from '../images/lib/docker.mjs';
import { colours, formatSeconds, Progress } from '../images/lib/progress.mjs';
import { probe } from '../images/lib/shell.mjs';
import { ensureEngine } from '../cluster/lib/engine.mjs';
import { ensureNodeModules, ensurePackages } from '../cluster/lib/prerequisites.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stateDir = path.join(repoRoot, '.groundkube');
const resultsFile = path.join(stateDir, 'test-results.json');

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

async function main() {
  const started = Date.now();
  const argv = process.argv.slice(2);
  const skipBuild = argv.includes('--skip-build');
  const jestArgs = argv.filter((arg) => arg !== '--skip-build');
  const progress = new Progress({ prefix: '  ' });
  mkdirSync(stateDir, { recursive: true });
  const setupLog = path.join(stateDir, 'setup.log');
  /** @type {string[]} */
  const failures = [];
  let passed = 0;

  const step = async (title, fn) => {
    try {
      await progress.step(title, fn);
      return true;
    } catch (error) {
      if (!error.alreadyCounted) failures.push(title);
      process.stderr.write(`${colours.red('✗')} ${title}: ${error.message}\n`);
      return false;
    }
  };

  process.stderr.write(`${colours.bold('groundkube test')}: prerequisites, build, lint, all Jest projects\n`);
  const ready =
    (await step('Debian packages', () => ensurePackages({ needEngine: engineInfo() === null, logFile: setupLog }))) &&
    (await step('node_modules', () => ensureNodeModules({ logFile: setupLog }))) &&
    (await step('Docker engine', () => ensureEngine({ warn: (m) => progress.warn(m) }))) &&
    (await step('images (tools/images/ensure.mjs)', async () => {
      const result = await ensureImages({ progress: new Progress({ prefix: '      ' }) });
      return result.built.length + result.pushed.length === 0 ? 'all present' : `built ${result.built.length}, pushed ${result.pushed.length}`;
    }));

  const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  if (ready && !skipBuild) {
    await step('codegen, typecheck and build (nx run-many -t build)', async () => {
      const status = await runShown('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], nxEnv);
      if (status !== 0) throw new Error(`nx build exited with ${status}`);
    });
    await step('lint (nx run-many -t lint)', async () => {
      const status = await runShown('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static'], nxEnv);
      if (status !== 0) throw new Error(`nx lint exited with ${status}`);
    });
  }

  if (ready) {
    await step('Jest: all projects', async () => {
      rmSync(resultsFile, { force: true });
      const workers = process.env.GROUNDKUBE_JEST_WORKERS ?? '2';
      const status = await runShown(
        'npx',
        ['jest', '-c', 'jest.config.cjs', '--json', `--outputFile=${resultsFile}`, `-w`, workers, '--ci', ...jestArgs],
        { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true', FORCE_COLOR: process.stderr.isTTY ? '1' : '0' },
      );
      if (!existsSync(resultsFile)) throw new Error(`jest exited with ${status} and wrote no results`);
      const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      passed += results.numPassedTests ?? 0;
      const failedTests = results.numFailedTests ?? 0;
      // A suite that failed to run (syntax error, failed beforeAll) has no failed tests of its own: count it.
      const brokenSuites = (results.testResults ?? []).filter(
        (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
      );
      for (let i = 0; i < failedTests; i++) failures.push('test');
      for (const suite of brokenSuites) failures.push(`suite ${path.relative(repoRoot, suite.name)}`);
      if (failedTests + brokenSuites.length > 0) {
        const error = new Error(
          `${failedTests} failed tests, ${brokenSuites.length} suites that did not run` +
            (brokenSuites.length ? `: ${brokenSuites.map((s) => path.relative(repoRoot, s.name)).join(', ')}` : ''),
        );
        error.alreadyCounted = true; // the step is not one more failure on top of its tests
        throw error;
      }
      if (status !== 0) throw new Error(`jest exited with ${status} though no test failed (see output above)`);
      return `${results.numPassedTests} tests in ${results.numTotalTestSuites} suites`;
    });
    const leftovers = leftoverContainers();
    if (leftovers.length > 0) {
      progress.warn(`${leftovers.length} containers labelled io.groundkube.* made by a groundkube runtime exist after the tests (tests running elsewhere, or not cleaned up):\n    ${leftovers.join('\n    ')}`);
    }
  }

  process.stderr.write(`\n${progress.table()}\n`);
  process.stderr.write(`total time ${formatSeconds(Date.now() - started)}; Jest results in ${path.relative(repoRoot, resultsFile)}\n`);
  if (failures.length > 0) {
    const named = [...new Set(failures.filter((f) => f !== 'test'))];
    if (named.length > 0) process.stderr.write(`failed steps: ${named.join('; ')}\n`);
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
