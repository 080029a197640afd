// Running commands for the image scripts: quiet by default (output goes to a log file), loud on failure.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

export class CommandError extends Error {
  /**
   * @param {string} message
   * @param {{ command: string, status: number | null, output: string, cause?: unknown }} details
   */
  constructor(message, details) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CommandError';
    this.code = 'IMAGES_COMMAND_FAILED';
    this.command = details.command;
    this.status = details.status;
    this.output = details.output;
  }
}

/**
 * Runs a command to completion. Output is captured, appended to `logFile` when given, and returned.
 * Throws CommandError (with the last lines of output) when the command exits non-zero.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string | Buffer, logFile?: string,
 *           allowFailure?: boolean }} [options]
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string, stdoutBuffer: Buffer }>}
 */
export function run(command, args, options = {}) {
  const line = [command, ...args].join(' ');
  if (options.logFile) appendFileSync(options.logFile, `\n$ ${line}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => {
      out.push(chunk);
      if (options.logFile) appendFileSync(options.logFile, chunk);
    });
    child.stderr.on('data', (chunk) => {
      err.push(chunk);
      if (options.logFile) appendFileSync(options.logFile, chunk);
    });
    child.on('error', (cause) =>
      reject(new CommandError(`cannot run ${command}: ${cause.message}`, { command: line, status: null, output: '', cause })),
    );
    child.on('close', (status) => {
      const stdoutBuffer = Buffer.concat(out);
      const stdout = stdoutBuffer.toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (status !== 0 && !options.allowFailure) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(new CommandError(`${line} exited with ${status}\n${tail}`, { command: line, status, output: tail }));
        return;
      }
      resolve({ status, stdout, stderr, stdoutBuffer });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
  });
}

/** Synchronous variant for quick probes (`which`, `docker info`). Never throws. */
export function probe(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 15000, ...options });
  return { ok: result.status === 0, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** True when an executable of that name is on PATH. */
export function hasCommand(name) {
  return probe('sh', ['-c', `command -v ${name}`]).ok;
}

/** The last `lines` lines of a log file, for error messages. */
export function tailOf(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
