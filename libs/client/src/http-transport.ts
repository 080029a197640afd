// One HTTP exchange over Node's http/https, up to the response headers. Bodies are read by the caller, so the
// same path serves small JSON replies, watch streams and followed logs.

import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';

import { abortReason } from './abort-reason';
import { ConnectionError, RequestTimeoutError } from './errors';

export interface TransportRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
  signal?: AbortSignal | undefined;
  /** Fails with RequestTimeoutError if the response headers have not arrived in time. 0 or absent: no limit. */
  headerTimeoutMs?: number | undefined;
}

export interface TransportOptions {
  /** Extra TLS settings for https servers. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean } | undefined;
}

/**
 * Keeps one keep-alive agent per scheme. `destroy()` closes idle sockets so a process (or a test) can exit.
 */
export class HttpTransport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent: https.Agent;

  constructor(options: TransportOptions = {}) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, ...options.tls });
  }

  /**
   * Sends the request and resolves with the response once its headers arrived (any HTTP status). Aborting the
   * signal before that rejects with the signal's reason; aborting later destroys the response stream with it.
   */
  send(request: TransportRequest): Promise<IncomingMessage> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortReason(signal));

    return new Promise<IncomingMessage>((resolve, reject) => {
      const isHttps = request.url.protocol === 'https:';
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
      const options: http.RequestOptions = {
        method: request.method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      };
      const req = (isHttps ? https : http).request(request.url, options);
      let settled = false;
      let timer: NodeJS.Timeout | undefined;

      const finish = (err: Error | undefined, res?: IncomingMessage): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (err !== undefined) {
          signal?.removeEventListener('abort', onAbort);
          req.destroy();
          reject(err);
        } else if (res !== undefined) {
          resolve(res);
        }
      };
      const onAbort = (): void => {
        const reason = abortReason(signal);
        if (!settled) finish(reason);
        else req.destroy(reason);
      };

      signal?.addEventListener('abort', onAbort, { once: true });
      if (request.headerTimeoutMs !== undefined && request.headerTimeoutMs > 0) {
        const limit = request.headerTimeoutMs;
        timer = setTimeout(() => {
          finish(
            new RequestTimeoutError(`${request.method} ${request.url.pathname}: no response in ${limit}ms`),
          );
        }, limit);
      }
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (settled) return;
        if (signal?.aborted) return finish(abortReason(signal));
        finish(
          new ConnectionError(
            `${request.method} ${request.url.origin}${request.url.pathname}: ${err.message}`,
            {
              cause: err,
              syscallCode: err.code,
            },
          ),
        );
      });
      req.on('response', (res) => {
        res.once('close', () => signal?.removeEventListener('abort', onAbort));
        finish(undefined, res);
      });
      req.end(request.body);
    });
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** Reads a whole response body. Rejects if the stream is destroyed (abort, reset). */
export async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
