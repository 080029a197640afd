// Runs one Jest project in its own Jest process: output to a log file, results from Jest's JSON report.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ name: string, root: string, config: string, lane: string, e2e: boolean }} JestProject
 * @typedef {{ project: JestProject, passed: number, failed: number, skipped: number, suites: number,
 *             brokenSuites: string[], failedTests: string[], ms: number, log: string, problem?: string }} ProjectResult
 */

/**
 * @param {JestProject} project
 * @param {{ repoRoot: string, outDir: string, jestArgs: string[], timeoutMs: number, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<ProjectResult>}
 */
export async function runJestProject(project, options) {
  const started = Date.now();
  const log = path.join(options.outDir, `${project.name}.log`);
  const json = path.join(options.outDir, `${project.name}.json`);
  rmSync(json, { force: true });
  const args = [
    path.join(options.repoRoot, 'node_modules/jest/bin/jest.js'),
    '-c',
    project.config,
    '--ci',
    '--json',
    `--outputFile=${json}`,
    '--passWithNoTests',
    // One worker: the other lane has the other core. e2e suites share one cluster fixture per file anyway.
    ...(project.e2e ? ['--runInBand'] : ['-w', '1']),
    // A test that leaves a handle open must not hang the whole run; its leak shows in the log.
    '--forceExit',
    ...options.jestArgs,
  ];
  const fd = openSync(log, 'w');
  const status = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: options.repoRoot, env: options.env, stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10000).unref();
    }, options.timeoutMs);
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? `signal ${signal}` : 1));
    });
  });
  closeSync(fd);
  const ms = Date.now() - started;
  const base = { project, passed: 0, failed: 0, skipped: 0, suites: 0, brokenSuites: [], failedTests: [], ms, log };
  if (!existsSync(json)) {
    const why = ms >= options.timeoutMs ? `killed after ${Math.round(options.timeoutMs / 1000)} s` : `exited with ${status}`;
    return { ...base, problem: `jest ${why} and wrote no results` };
  }
  const results = JSON.parse(readFileSync(json, 'utf8'));
  const suites = results.testResults ?? [];
  const failedTests = suites.flatMap((suite) =>
    (suite.assertionResults ?? [])
      .filter((t) => t.status === 'failed')
      .map((t) => `${path.relative(options.repoRoot, suite.name)} › ${t.fullName}`),
  );
  // A suite that could not run (compile error, failing beforeAll with no test reported) has no failed test.
  const brokenSuites = suites
    .filter((suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'))
    .map((suite) => path.relative(options.repoRoot, suite.name));
  const result = {
    ...base,
    passed: results.numPassedTests ?? 0,
    failed: results.numFailedTests ?? 0,
    skipped: (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0),
    suites: results.numTotalTestSuites ?? suites.length,
    brokenSuites,
    failedTests,
  };
  if (status !== 0 && result.failed + brokenSuites.length === 0) {
    result.problem = `jest exited with ${status} though no test failed`;
  }
  return result;
}

/** What to show of a failed project: Jest's own failure messages, or the end of its log. */
export function failureReport(result, repoRoot, maxLines = 120) {
  const json = result.log.replace(/\.log$/, '.json');
  let text = '';
  if (existsSync(json)) {
    const results = JSON.parse(readFileSync(json, 'utf8'));
    text = (results.testResults ?? [])
      .filter((suite) => suite.status === 'failed')
      .map((suite) => `● ${path.relative(repoRoot, suite.name)}\n${suite.message ?? ''}`)
      .join('\n');
  }
  if (!text.trim()) text = readFileSync(result.log, 'utf8');
  const lines = text.trimEnd().split('\n');
  return lines.length > maxLines ? [`… (${lines.length - maxLines} lines above; all in ${result.log})`, ...lines.slice(-maxLines)].join('\n') : lines.join('\n');
}
