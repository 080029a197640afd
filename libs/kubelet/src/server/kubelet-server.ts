// The kubelet's HTTP endpoint: container logs (the API server proxies pods/log here) and health.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Pod } from '@groundkube/api';
import { silentLogger, type Logger } from '@groundkube/logging';

import { ContainerNotStartedError, type ContainerLogOptions, type PodRuntime } from '../pod-runtime';
import { waitingToStartMessage } from './waiting-message';

export interface KubeletServerOptions {
  runtime: PodRuntime;
  /** Finds an API pod this kubelet runs. */
  findPod: (namespace: string, name: string) => Pod | undefined;
  /** Port to listen on (0 = any free port). */
  port: number;
  /** Default 0.0.0.0. */
  host?: string | undefined;
  logger?: Logger | undefined;
}

class BadRequest extends Error {}

function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value !== null && value !== 'false' && value !== '0';
}

function positiveInt(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new BadRequest(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses the query of /containerLogs; throws BadRequest on malformed numbers. Exported for tests. */
export function parseLogOptions(params: URLSearchParams): ContainerLogOptions {
  const sinceTime = params.get('sinceTime');
  const options: ContainerLogOptions = {
    follow: flag(params, 'follow'),
    timestamps: flag(params, 'timestamps'),
    previous: flag(params, 'previous'),
    tailLines: positiveInt(params, 'tailLines'),
    sinceSeconds: positiveInt(params, 'sinceSeconds'),
    limitBytes: positiveInt(params, 'limitBytes'),
  };
  if (sinceTime !== null && sinceTime !== '') {
    const date = new Date(sinceTime);
    if (Number.isNaN(date.getTime()))
      throw new BadRequest(`sinceTime must be RFC 3339, got ${JSON.stringify(sinceTime)}`);
    options.sinceTime = date;
  }
  return options;
}

export class KubeletServer {
  private readonly server: http.Server;
  private readonly log: Logger;

  constructor(private readonly options: KubeletServerOptions) {
    this.log = (options.logger ?? silentLogger()).child({ component: 'kubelet-server' });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log.warn({ err, url: req.url }, 'Request failed');
        if (!res.headersSent) this.text(res, 500, `internal error: ${(err as Error).message}`);
        else res.destroy();
      });
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        this.server.off('error', reject);
        const port = (this.server.address() as AddressInfo).port;
        this.log.info({ port }, 'Kubelet server listening');
        resolve(port);
      });
    });
  }

  /** Stops accepting and ends open streams (followed logs). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    if (req.method !== 'GET') return this.text(res, 405, 'method not allowed');
    if (url.pathname === '/healthz') return this.text(res, 200, 'ok');

    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    if (parts[0] !== 'containerLogs' || parts.length !== 4) return this.text(res, 404, 'not found');
    const [, namespace, name, container] = parts as [string, string, string, string];

    const pod = this.options.findPod(namespace, name);
    if (pod === undefined) return this.text(res, 404, `pod ${namespace}/${name} not found on this node`);
    if (
      !(pod.spec?.containers ?? []).some((c) => c.name === container) &&
      !(pod.spec?.initContainers ?? []).some((c) => c.name === container)
    ) {
      return this.text(res, 404, `container ${container} is not valid for pod ${name}`);
    }
    let logOptions: ContainerLogOptions;
    try {
      logOptions = parseLogOptions(url.searchParams);
    } catch (err) {
      if (err instanceof BadRequest) return this.text(res, 400, err.message);
      throw err;
    }

    const controller = new AbortController();
    res.on('close', () => controller.abort());
    // Headers go out with the first log bytes, so a failure before any output can still be a clear error.
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    const identity = { uid: pod.metadata.uid ?? '', name, namespace };
    try {
      await this.options.runtime.readContainerLogs(identity, container, logOptions, res, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return;
      this.log.debug({ err, pod: `${namespace}/${name}`, container }, 'Log stream failed');
      if (res.headersSent) return void res.end();
      if (err instanceof ContainerNotStartedError) {
        // The pod as last reported says why (a failing pull, say); the runtime only knows it has not run.
        const latest = this.options.findPod(namespace, name) ?? pod;
        return this.text(res, 400, waitingToStartMessage(latest, container));
      }
      return this.text(res, 400, (err as Error).message);
    }
    res.end();
  }

  private text(res: http.ServerResponse, code: number, body: string): void {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body.endsWith('\n') ? body : `${body}\n`);
  }
}
