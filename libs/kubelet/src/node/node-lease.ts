// The node's Lease in kube-node-lease: renewed every 10 s so the control plane can tell the kubelet is alive
// without reading full node statuses.

import { NAMESPACE_NODE_LEASE, type Lease } from '@groundkube/api';
import { LEASES, isConflict, isNotFound, realClock, type Clock, type RestClient } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

export interface NodeLeaseOptions {
  client: RestClient;
  nodeName: string;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Default 10 s. */
  renewIntervalMs?: number | undefined;
  /** Default 40 s. */
  leaseDurationSeconds?: number | undefined;
}

/** MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class NodeLease {
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly options: NodeLeaseOptions) {
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'node-lease', node: options.nodeName });
  }

  /** Renews at once, then every interval until the signal aborts. Failures are logged and retried. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.renew(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.log.warn({ err }, 'Lease renewal failed');
      }
      try {
        await this.clock.sleep(this.options.renewIntervalMs ?? 10_000, signal);
      } catch {
        break;
      }
    }
  }

  /** Creates the Lease or moves its renewTime forward. */
  async renew(signal?: AbortSignal): Promise<void> {
    const { client, nodeName } = this.options;
    const target = { resource: LEASES, namespace: NAMESPACE_NODE_LEASE, name: nodeName };
    const now = microTime(this.clock.now());
    const spec = {
      holderIdentity: nodeName,
      leaseDurationSeconds: this.options.leaseDurationSeconds ?? 40,
      renewTime: now,
    };
    let lease: Lease;
    try {
      lease = await client.get<Lease>(target, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const created: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: nodeName,
          namespace: NAMESPACE_NODE_LEASE,
        },
        spec,
      };
      await client.create({ resource: LEASES, namespace: NAMESPACE_NODE_LEASE }, created, { signal });
      this.log.debug('Lease created');
      return;
    }
    try {
      await client.update<Lease>(target, { ...lease, spec: { ...lease.spec, ...spec } }, { signal });
      this.log.trace('Lease renewed');
    } catch (err) {
      // Someone else wrote it in between; the next tick reads it again.
      if (!isConflict(err)) throw err;
    }
  }
}
