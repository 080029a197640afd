import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type Clock, realClock } from '@groundkube/client';

export interface ContainerLogOptions {
  /** Keep streaming new lines until the signal aborts or `isRunning` says the container stopped. */
  follow?: boolean;
  /** Only the last N lines. */
  tailLines?: number;
  /** Only lines written in the last N seconds (by the clock). */
  sinceSeconds?: number;
  /** Only lines written at or after this time. */
  sinceTime?: Date;
  /** Prefix each line with its RFC 3339 timestamp and a space, like `kubectl logs --timestamps`. */
  timestamps?: boolean;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
  /** Which stream(s); default both. */
  stream?: 'stdout' | 'stderr' | 'all';
  /** For follow: polled to notice the container has exited (then the rest of the file is sent and we stop). */
  isRunning?: () => Promise<boolean>;
  /** For follow: how often to look for new lines (default 200 ms). */
  pollIntervalMs?: number;
  clock?: Clock;
}

export type LogErrorCode = 'LOG_NOT_FOUND' | 'LOG_READ_FAILED';

export class ContainerLogError extends Error {
  readonly code: LogErrorCode;

  constructor(code: LogErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ContainerLogError';
    this.code = code;
  }
}

/** One parsed log line. `content` keeps its trailing newline (a missing one marks a partial line). */
export interface LogLine {
  time: string;
  stream: 'stdout' | 'stderr';
  content: string;
}

/**
 * Parses a line of Docker's json-file log (`{"log":"hi\n","stream":"stdout","time":"…"}`) or of the CRI
 * log format (`<time> <stream> <P|F> <content>`). Undefined for lines that are neither.
 */
export function parseLogLine(line: string): LogLine | undefined {
  if (line.startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as { log?: unknown; stream?: unknown; time?: unknown };
      if (typeof parsed.log !== 'string' || typeof parsed.time !== 'string') return undefined;
      return {
        time: parsed.time,
        stream: parsed.stream === 'stderr' ? 'stderr' : 'stdout',
        content: parsed.log,
      };
    } catch {
      return undefined;
    }
  }
  const match = /^(\S+) (stdout|stderr) ([PF]) (.*)$/.exec(line);
  if (!match) return undefined;
  const [, time = '', stream, tag, content = ''] = match;
  return {
    time,
    stream: stream === 'stderr' ? 'stderr' : 'stdout',
    content: tag === 'F' ? `${content}\n` : content,
  };
}

/**
 * Copies a container's log file (the CRI log path, a symlink to Docker's json-file log) to `out` with
 * `kubectl logs` semantics. Resolves when done (or, when following, once the signal aborts or the container
 * has exited); rejects with ContainerLogError LOG_NOT_FOUND when the file does not exist.
 */
export async function readContainerLogs(
  logPath: string,
  options: ContainerLogOptions,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const clock = options.clock ?? realClock;
  const since =
    options.sinceTime?.getTime() ??
    (options.sinceSeconds !== undefined ? clock.now() - options.sinceSeconds * 1000 : undefined);
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;

  let handle;
  try {
    handle = await open(logPath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'LOG_NOT_FOUND' : 'LOG_READ_FAILED';
    throw new ContainerLogError(code, `failed to open log file "${logPath}": ${String(err)}`, { cause: err });
  }

  const accept = (line: LogLine): boolean => {
    if (options.stream && options.stream !== 'all' && line.stream !== options.stream) return false;
    if (since !== undefined && Date.parse(line.time) < since) return false;
    return true;
  };
  const render = (line: LogLine): string =>
    options.timestamps ? `${line.time} ${line.content}` : line.content;
  const write = async (text: string): Promise<boolean> => {
    if (budget <= 0) return false;
    let chunk = Buffer.from(text);
    if (chunk.length > budget) chunk = chunk.subarray(0, budget);
    budget -= chunk.length;
    if (!out.write(chunk)) await once(out, 'drain', signal ? { signal } : {});
    return budget > 0;
  };

  try {
    let position = 0;
    let pending = '';
    const readNew = async (): Promise<LogLine[]> => {
      const lines: LogLine[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        pending += buffer.subarray(0, bytesRead).toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const raw of parts) {
          const parsed = parseLogLine(raw);
          if (parsed && accept(parsed)) lines.push(parsed);
        }
      }
      return lines;
    };

    let first = await readNew();
    if (options.tailLines !== undefined)
      first = options.tailLines <= 0 ? [] : first.slice(-options.tailLines);
    for (const line of first) if (!(await write(render(line)))) return;
    if (!options.follow) return;

    const interval = options.pollIntervalMs ?? 200;
    for (;;) {
      if (signal?.aborted) return;
      const running = options.isRunning ? await options.isRunning() : true;
      for (const line of await readNew()) if (!(await write(render(line)))) return;
      if (!running) return;
      try {
        await clock.sleep(interval, signal);
      } catch {
        return; // aborted: the caller stopped following
      }
    }
  } finally {
    await handle.close();
  }
}
