// The httpGet handler: one GET, success on a status from 200 to 399.

import * as http from 'node:http';
import * as https from 'node:https';

import type { HTTPHeader } from '@groundkube/api';

import { dialError } from './dial-error';
import { MAX_PROBE_OUTPUT_BYTES, type ProbeOutcome } from './probe-outcome';

export interface HttpProbeTarget {
  scheme: 'HTTP' | 'HTTPS';
  host: string;
  port: number;
  path: string;
  headers: HTTPHeader[];
  /** Sent as User-Agent unless the probe sets one, e.g. "kube-probe/1.32". */
  userAgent: string;
}

/** Builds the probe URL the way the kubelet does: a path without a leading slash gets one. */
export function probeUrl(target: Pick<HttpProbeTarget, 'scheme' | 'host' | 'port' | 'path'>): URL {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const path = target.path === '' ? '/' : target.path.startsWith('/') ? target.path : `/${target.path}`;
  return new URL(`${target.scheme.toLowerCase()}://${host}:${target.port}${path}`);
}

/**
 * GETs the target. HTTPS skips certificate verification, as the kubelet does (the pod's certificate is for
 * its clients, not for the node). Redirects are not followed: a 3xx is a success. Connection errors and the
 * timeout are failures whose output reads like Go's http client, e.g.
 * `Get "http://10.0.0.5:81/": dial tcp 10.0.0.5:81: connect: connection refused`.
 */
export function httpProbe(
  target: HttpProbeTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const url = probeUrl(target);
  const headers: Record<string, string> = { 'User-Agent': target.userAgent, Accept: '*/*' };
  for (const h of target.headers) {
    for (const key of Object.keys(headers))
      if (key.toLowerCase() === h.name.toLowerCase()) delete headers[key];
    headers[h.name] = h.value;
  }
  const quoted = `Get "${url.toString()}"`;
  const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;

  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let settled = false;
    const finish = (outcome: ProbeOutcome | undefined, reason?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (outcome) resolve(outcome);
      else reject(reason);
    };
    const onAbort = (): void => finish(undefined, signal?.reason);
    const options = {
      method: 'GET',
      headers,
      ...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
    };
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_PROBE_OUTPUT_BYTES) chunks.push(chunk.subarray(0, MAX_PROBE_OUTPUT_BYTES - size));
        size += chunk.length;
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString();
        if (code >= 200 && code < 400) finish({ result: 'success', output: body });
        else finish({ result: 'failure', output: `HTTP probe failed with statuscode: ${code}` });
      });
      res.on('error', (err) => finish({ result: 'failure', output: `${quoted}: ${err.message}` }));
    });
    const timer = setTimeout(
      () =>
        finish({
          result: 'failure',
          output: `${quoted}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        }),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish({ result: 'failure', output: `${quoted}: ${dialError(address, err)}` }));
    req.end();
  });
}
