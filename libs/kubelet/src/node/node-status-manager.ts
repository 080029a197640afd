// Registers the Node and keeps its status fresh: the kubelet's heartbeat through nodes/status.

import type { Node } from '@groundkube/api';
import {
  NODES,
  isAlreadyExists,
  isConflict,
  isNotFound,
  realClock,
  type Clock,
  type RestClient,
} from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

import { nodeReference, type EventRecorder } from '../events/event-recorder';
import { initialNode, nodeStatus, type NodeFacts } from './node-object';

export interface NodeStatusManagerOptions {
  client: RestClient;
  facts: NodeFacts;
  recorder: EventRecorder;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Heartbeat period; default 10 s. */
  updateIntervalMs?: number | undefined;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class NodeStatusManager {
  private readonly client: RestClient;
  private readonly facts: NodeFacts;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readyReported = false;

  constructor(private readonly options: NodeStatusManagerOptions) {
    this.client = options.client;
    this.facts = options.facts;
    this.clock = options.clock ?? realClock;
    this.intervalMs = options.updateIntervalMs ?? 10_000;
    this.log = (options.logger ?? silentLogger()).child({
      component: 'node-status',
      node: options.facts.nodeName,
    });
  }

  /**
   * Creates the Node, or adopts the existing one of the same name (keeping its labels and adding ours), then
   * writes the first status. Throws on API failures so the caller can retry.
   */
  async register(signal: AbortSignal): Promise<void> {
    const target = { resource: NODES, name: this.facts.nodeName };
    const wanted = initialNode(this.facts, rfc3339(this.clock.now()));
    try {
      await this.client.create({ resource: NODES }, wanted, { signal });
      this.log.info('Node registered');
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.client.get<Node>(target, { signal });
      const labels = { ...existing.metadata.labels, ...wanted.metadata.labels };
      if (JSON.stringify(labels) !== JSON.stringify(existing.metadata.labels ?? {})) {
        await this.client.update<Node>(
          target,
          { ...existing, metadata: { ...existing.metadata, labels } },
          { signal },
        );
      }
      this.log.info('Node already registered, adopted it');
    }
    await this.updateStatus(signal);
  }

  /** Heartbeats until the signal aborts. Failures are logged and retried at the next tick. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.intervalMs, signal);
      } catch {
        break;
      }
      try {
        await this.updateStatus(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.log.warn({ err }, 'Node status update failed');
      }
    }
  }

  /** Writes the current status (PUT nodes/status, retried once on conflict; re-registers if the Node vanished). */
  async updateStatus(signal: AbortSignal): Promise<void> {
    const target = { resource: NODES, name: this.facts.nodeName };
    for (let attempt = 0; attempt < 3; attempt++) {
      let node: Node;
      try {
        node = await this.client.get<Node>(target, { signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.log.warn('Node object is gone, registering it again');
        await this.client.create({ resource: NODES }, initialNode(this.facts, rfc3339(this.clock.now())), { signal });
        continue;
      }
      const status = nodeStatus(this.facts, node.status?.conditions ?? [], rfc3339(this.clock.now()));
      try {
        await this.client.updateStatus<Node>(target, { ...node, status }, { signal });
        this.log.trace('Node status updated');
        this.reportReadyOnce();
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }

  private reportReadyOnce(): void {
    if (this.readyReported) return;
    this.readyReported = true;
    const ref = nodeReference(this.facts.nodeName);
    const name = this.facts.nodeName;
    for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
      this.options.recorder.event(ref, 'Normal', reason, `Node ${name} status is now: ${reason}`);
    }
    this.options.recorder.event(
      ref,
      'Normal',
      'NodeAllocatableEnforced',
      'Updated Node Allocatable limit across pods',
    );
    this.options.recorder.event(ref, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
  }
}
