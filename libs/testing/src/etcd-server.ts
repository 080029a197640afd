import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway etcd process on free loopback ports, with its data in a temporary folder. */
export interface EtcdServer extends AsyncDisposable {
  /** The client URL, e.g. http://127.0.0.1:40123. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** The etcd binary; defaults to ETCD_BIN or `etcd` on PATH (Debian's etcd-server installs it). */
  binary?: string;
  /** How long to wait for `ready to serve client requests`. */
  readyTimeoutMs?: number;
}

/** Finds a free TCP port on 127.0.0.1 by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/**
 * Starts a real etcd for a test suite. Resolves once etcd reports it is serving clients;
 * rejects with etcd's own output if it exits or does not get ready in time.
 */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdServer> {
  const binary = options.binary ?? process.env['ETCD_BIN'] ?? 'etcd';
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'groundkube-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const child = spawn(
    binary,
    [
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  await waitForReady(child, readyTimeoutMs).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  return { endpoint, stop, [Symbol.asyncDispose]: stop };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => finish(new Error(`etcd not ready after ${timeoutMs}ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('ready to serve client requests')) finish();
    };
    const onExit = (code: number | null): void => finish(new Error(`etcd exited with ${code}:\n${output}`));
    const onError = (err: Error): void =>
      finish(new Error(`etcd could not start: ${err.message}`, { cause: err }));
    function finish(err?: Error): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining etcd's output so its pipe never fills and blocks it.
      child.stdout?.resume();
      child.stderr?.resume();
      if (err) reject(err);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
