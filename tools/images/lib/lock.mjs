// A lock file so that two runs (two engineers, or up and test at once) never build the same image together.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function holderOf(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (!Number.isInteger(pid)) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * Takes the lock at `file`, waiting (up to `timeoutMs`) while a live process holds it; a lock left by a dead
 * process is taken over. Returns a release function.
 * @param {string} file
 * @param {{ timeoutMs?: number, onWait?: (pid: number) => void }} [options]
 */
export async function acquireLock(file, options = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60 * 1000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    if (holder === null || holder === process.pid) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`lock ${file} still held by pid ${holder}; giving up`);
    if (!told) options.onWait?.(holder);
    told = true;
    await sleep(500);
  }
}
