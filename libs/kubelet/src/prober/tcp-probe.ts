// The tcpSocket handler: success when a TCP connection opens within the timeout.

import { connect } from 'node:net';

import type { ProbeOutcome } from './probe-outcome';
import { dialError } from './dial-error';

/** Opens and closes one connection to host:port; the failure output reads like Go's dial errors. */
export function tcpProbe(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const address = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const socket = connect({ host, port });
    const finish = (outcome: ProbeOutcome | undefined, abortReason?: unknown): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (outcome) resolve(outcome);
      else reject(abortReason);
    };
    const onAbort = (): void => finish(undefined, signal?.reason);
    const timer = setTimeout(
      () => finish({ result: 'failure', output: `dial tcp ${address}: i/o timeout` }),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ result: 'success', output: '' }));
    socket.once('error', (err) => finish({ result: 'failure', output: dialError(address, err) }));
  });
}
