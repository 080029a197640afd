// Container lifecycle hooks (postStart, preStop): runs one hook's action (exec, httpGet, sleep) against a
// container and words its failure as the kubelet's FailedPostStartHook and FailedPreStopHook events do.

import * as http from 'node:http';
import * as https from 'node:https';

import type { Container, HTTPGetAction, LifecycleHandler, Pod } from '@groundkube/api';
import type { Clock } from '@groundkube/client';

import { dialError } from '../prober/dial-error';
import { probeUrl } from '../prober/http-probe';
import { resolvePort } from '../prober/prober';

/** Runs a command in a container with no timeout of its own (the caller's signal bounds it). */
export type HookCommandRunner = (
  containerId: string,
  cmd: string[],
  signal: AbortSignal | undefined,
) => Promise<{ output: string; exitCode: number }>;

export interface LifecycleHandlerRunnerOptions {
  exec: HookCommandRunner;
  clock: Clock;
  /** Sent as User-Agent by httpGet hooks unless they set one; default "kube-lifecycle/1.32". */
  userAgent?: string | undefined;
}

/** The container a hook runs against. */
export interface HookTarget {
  pod: Pod;
  container: Container;
  /** The runtime's container ID (no `docker://` scheme). */
  containerId: string;
  /** Where an httpGet hook without a host goes. */
  podIP: string;
}

/** The hook's own failure (not the caller aborting): its message is what the event shows after "error: ". */
class HookFailure extends Error {
  constructor(
    message: string,
    /** An exec hook's output, quoted in the event as `message: "…"`. */
    readonly output = '',
  ) {
    super(message);
  }
}

/**
 * Runs lifecycle hooks. A hook that fails resolves to the event message; one that succeeds to undefined.
 * The caller's signal bounds the hook (preStop: the grace period; the pod worker stopping): an abort ends
 * the hook as a failure, as a container that stops under a running hook does.
 */
export class LifecycleHandlerRunner {
  constructor(private readonly options: LifecycleHandlerRunnerOptions) {}

  async run(
    handler: LifecycleHandler,
    target: HookTarget,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const { container } = target;
    const where = `for Container ${JSON.stringify(container.name)} in Pod ${JSON.stringify(podDescription(target.pod))}`;
    try {
      if (handler.exec) {
        await this.exec(handler.exec.command ?? [], target, signal);
      } else if (handler.httpGet) {
        await this.httpGet(handler.httpGet, target, signal);
      } else if (handler.sleep) {
        await this.sleep(handler.sleep.seconds, signal);
      } else {
        return `Cannot run handler: invalid handler: ${JSON.stringify(handler)}`;
      }
      return undefined;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (handler.exec) {
        const output = err instanceof HookFailure ? err.output : '';
        const command = `[${(handler.exec.command ?? []).join(' ')}]`;
        return `Exec lifecycle hook (${command}) ${where} failed - error: ${error}, message: ${JSON.stringify(output)}`;
      }
      if (handler.httpGet) {
        return `HTTP lifecycle hook (${handler.httpGet.path ?? ''}) ${where} failed - error: ${error}`;
      }
      return `Sleep lifecycle hook (${handler.sleep?.seconds ?? 0}) ${where} failed - error: ${error}`;
    }
  }

  private async exec(command: string[], target: HookTarget, signal: AbortSignal | undefined): Promise<void> {
    let ran;
    try {
      ran = await this.options.exec(target.containerId, command, signal);
    } catch (err) {
      if (signal?.aborted) throw new HookFailure('context deadline exceeded');
      throw err;
    }
    if (ran.exitCode !== 0) {
      throw new HookFailure(
        `command '${command.join(' ')}' exited with ${ran.exitCode}: ${ran.output}`,
        ran.output,
      );
    }
  }

  /** One GET; any HTTP answer is a success (the kubelet does not look at the status), no answer a failure. */
  private httpGet(action: HTTPGetAction, target: HookTarget, signal: AbortSignal | undefined): Promise<void> {
    const host = action.host || target.podIP;
    const port = resolvePort(action.port, target.container);
    const scheme = action.scheme ?? 'HTTP';
    const url = probeUrl({ scheme, host, port, path: action.path ?? '' });
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent ?? 'kube-lifecycle/1.32' };
    for (const h of action.httpHeaders ?? []) {
      for (const key of Object.keys(headers))
        if (key.toLowerCase() === h.name.toLowerCase()) delete headers[key];
      headers[h.name] = h.value;
    }
    const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const transport = scheme === 'HTTPS' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: 'GET',
          headers,
          ...(signal ? { signal } : {}),
          ...(scheme === 'HTTPS' ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
          res.on('error', () => resolve());
        },
      );
      req.on('error', (err) => {
        const why = signal?.aborted ? 'context deadline exceeded' : dialError(address, err);
        reject(new HookFailure(`Get "${url.toString()}": ${why}`));
      });
      req.end();
    });
  }

  private async sleep(seconds: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.options.clock.sleep(seconds * 1000, signal);
    } catch {
      throw new HookFailure('container terminated before sleep hook finished');
    }
  }
}

/** The kubelet's way of naming a pod in messages: `name_namespace(uid)`. */
export function podDescription(pod: Pod): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})`;
}
