// Background processes owned by the cluster scripts: started detached with output to a log file, tracked
// by pid file, recognised again by their command line (so a reused pid is never mistaken for ours).
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { filesOf } from './state.mjs';

function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * The pid of our running process `name`, or null. `marker` is a string its command line must contain
 * (e.g. the script path), so a stale pid file pointing at somebody else's process is ignored.
 */
export function runningPid(name, marker) {
  const { pid: pidFile } = filesOf(name);
  if (!existsSync(pidFile)) return null;
  // The file ends in a newline (older ones did not); parseInt stops at it either way.
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return null;
  const cmdline = commandLineOf(pid);
  if (!cmdline || !cmdline.join(' ').includes(marker)) return null;
  return pid;
}

/** Every live process on this machine (as far as /proc shows them) whose command line `matches`. */
export function processesWhere(matches) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const args = commandLineOf(pid);
    if (args && args.length > 0 && matches(args) && isAlive(pid)) found.push({ pid, args });
  }
  return found;
}

/**
 * Starts `command args` detached, stdout+stderr appended to the process's log file, pid recorded.
 * @returns {{ pid: number, log: string }}
 */
export function startDetached(name, command, args, options = {}) {
  const files = filesOf(name);
  mkdirSync(path.dirname(files.log), { recursive: true });
  writeFileSync(files.log, `# ${new Date().toISOString()} ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const fd = openSync(files.log, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command} (see ${files.log})`);
  child.unref();
  writeFileSync(files.pid, `${child.pid}\n`);
  return { pid: child.pid, log: files.log };
}

/** Whether a process (by pid) is still alive: for "it died while we waited" checks. */
export function stillRunning(pid) {
  return isAlive(pid);
}

/**
 * Sends `signal` to our process `name` and waits up to `timeoutMs` for it to exit, then SIGKILLs it.
 * Returns a note for the progress line.
 */
export async function stopProcess(name, marker, options = {}) {
  const pid = runningPid(name, marker);
  const { pid: pidFile } = filesOf(name);
  if (pid === null) {
    rmSync(pidFile, { force: true });
    return 'not running';
  }
  process.kill(pid, options.signal ?? 'SIGTERM');
  const deadline = Date.now() + (options.timeoutMs ?? 15000);
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  let note = `stopped (pid ${pid})`;
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    note = `killed after ${Math.round((options.timeoutMs ?? 15000) / 1000)} s (pid ${pid})`;
  }
  rmSync(pidFile, { force: true });
  return note;
}

/** The last lines of a log file written since the process was last started, indented, for failure messages. */
export function logTail(file, lines = 15) {
  try {
    const all = readFileSync(file, 'utf8').trimEnd().split('\n');
    // startDetached begins each run with a `# <time> <command>` line; earlier runs are not this failure.
    const lastStart = all.findLastIndex((line) => line.startsWith('# '));
    return all
      .slice(Math.max(lastStart, 0))
      .slice(-lines)
      .map((line) => `    ${line}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}
