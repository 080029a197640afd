// The kubelet: registers its Node, keeps it and its Lease fresh, watches the pods bound to it and runs them
// through the container runtime, reporting their status and events.

import * as os from 'node:os';

import type { Node, Pod } from '@groundkube/api';
import { NODES, PODS, realClock, type Clock, type RestClient } from '@groundkube/client';
import { SharedInformer, restListerWatcher } from '@groundkube/client/cache';
import { silentLogger, type Logger } from '@groundkube/logging';

import { EventRecorder, nodeReference, podReference } from './events/event-recorder';
import { readHostInfo } from './node/host-info';
import { NodeLease } from './node/node-lease';
import { initialNode, type NodeFacts } from './node/node-object';
import { NodeStatusManager } from './node/node-status-manager';
import type { PodRuntime } from './pod-runtime';
import { containerFieldPath } from './kuberuntime/sync-result';
import { KubeletPodSyncer } from './pod-syncer';
import { Prober } from './prober/prober';
import { ProberManager } from './prober/prober-manager';
import { PodWorkers } from './pod-workers/pod-workers';
import type { ServiceInformer } from './service-informer';
import { KubeletServer } from './server/kubelet-server';
import { StatusManager } from './status/status-manager';
import { SyncLoop } from './sync-loop';
import { DEFAULT_ROOT_DIR } from './volume/volume-manager';

export interface KubeletOptions {
  client: RestClient;
  runtime: PodRuntime;
  nodeName: string;
  /** The InternalIP to report; default: the first non-internal IPv4. */
  nodeIP?: string | undefined;
  /** Port of the kubelet's HTTP endpoint (logs); 0 = any free port; undefined = no server. */
  port?: number | undefined;
  /** Address the endpoint binds to; default 0.0.0.0. */
  bindAddress?: string | undefined;
  /**
   * The kubelet's root directory, whose filesystem is reported as ephemeral-storage. Default
   * /var/lib/kubelet.
   */
  rootDir?: string | undefined;
  /** The services cache the runtime reads for service env vars; the Kubelet runs it beside its pod watch. */
  services?: ServiceInformer | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Periods; defaults: node status 10 s, lease 10 s, resync 10 s, relist 1 s, housekeeping 2 s. */
  nodeStatusUpdateMs?: number | undefined;
  leaseRenewMs?: number | undefined;
  syncFrequencyMs?: number | undefined;
  relistPeriodMs?: number | undefined;
  housekeepingPeriodMs?: number | undefined;
}

export class Kubelet {
  private readonly log: Logger;
  private readonly clock: Clock;
  private server: KubeletServer | undefined;
  private boundPort: number | undefined;
  private informer: SharedInformer<Pod> | undefined;
  private workers: PodWorkers | undefined;

  constructor(private readonly options: KubeletOptions) {
    this.log = (options.logger ?? silentLogger()).child({ component: 'kubelet', node: options.nodeName });
    this.clock = options.clock ?? realClock;
  }

  /** The port the HTTP endpoint listens on, once running. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The pod workers, once running (tests inspect them). */
  get podWorkers(): PodWorkers | undefined {
    return this.workers;
  }

  /**
   * Runs until the signal aborts. Registration is retried until it succeeds; afterwards every loop handles
   * its own failures. On abort, every loop stops and the HTTP endpoint closes; pods keep running (a restarted
   * kubelet adopts them).
   */
  async run(signal: AbortSignal): Promise<void> {
    const { client, runtime, nodeName } = this.options;
    const loggers = { logger: this.options.logger, clock: this.clock };

    const version = await this.retry('Runtime version', signal, () => runtime.version(signal));
    if (version === undefined) return;
    const host = await readHostInfo({
      hostname: os.hostname(),
      nodeIP: this.options.nodeIP,
      rootDir: this.options.rootDir ?? DEFAULT_ROOT_DIR,
    });
    this.log.info(
      { runtime: `${version.runtimeName}://${version.runtimeVersion}`, internalIP: host.internalIP },
      'Kubelet starting',
    );

    const recorder = new EventRecorder({ client, host: nodeName, ...loggers });
    const informer = new SharedInformer<Pod>({
      name: `pods spec.nodeName=${nodeName}`,
      listerWatcher: restListerWatcher<Pod>(
        client,
        { resource: PODS },
        { fieldSelector: `spec.nodeName=${nodeName}` },
      ),
      backoff: { initialMs: 500, maxMs: 5000 },
      ...loggers,
    });
    this.informer = informer;
    if (this.options.port !== undefined) {
      this.server = new KubeletServer({
        runtime,
        port: this.options.port,
        host: this.options.bindAddress,
        findPod: (namespace, name) => informer.indexer.getByName(namespace, name),
        logger: this.options.logger,
      });
      this.boundPort = await this.server.listen();
    }

    const facts: NodeFacts = {
      nodeName,
      host,
      containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
      kubeletPort: this.boundPort ?? this.options.port ?? 10250,
    };
    const nodeStatus = new NodeStatusManager({
      client,
      recorder,
      facts,
      updateIntervalMs: this.options.nodeStatusUpdateMs,
      ...loggers,
    });
    recorder.event(nodeReference(nodeName), 'Normal', 'Starting', 'Starting kubelet.');
    const registered = await this.retry('Node registration', signal, async () => {
      await nodeStatus.register(signal);
      return true;
    });
    if (registered === undefined) return this.stop(recorder);

    const statusManager = new StatusManager({ client, logger: this.options.logger });
    const prober = new ProberManager({
      prober: new Prober({
        runner: runtime,
        events: (pod, container, reason, message) =>
          recorder.event(podReference(pod, containerFieldPath(container)), 'Warning', reason, message),
        logger: this.options.logger,
      }),
      podStatus: (uid) => statusManager.lastStatus(uid),
      signal,
      ...loggers,
    });
    const syncer = new KubeletPodSyncer({
      runtime,
      statusManager,
      recorder,
      prober,
      hostIPs: [host.internalIP],
      ...loggers,
    });
    const workers = new PodWorkers({ syncer, signal, ...loggers });
    this.workers = workers;
    // A verdict that changes readiness or condemns a container syncs the pod now, not at the next resync.
    prober.onUpdate((type, { pod }) => {
      const newest = informer.indexer.getByName(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
      const target = newest?.metadata.uid === pod.metadata.uid ? newest : pod;
      this.log.debug(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, probe: type },
        'SyncLoop (probe)',
      );
      workers.updatePod({ type: 'sync', pod: target });
    });
    // Admission reads this node's labels and allocatable as the API server has them (labels others added
    // included). While the informer holds none (the Node was deleted), it uses the node this kubelet
    // registers.
    const nodeInformer = new SharedInformer<Node>({
      name: `nodes metadata.name=${nodeName}`,
      listerWatcher: restListerWatcher<Node>(
        client,
        { resource: NODES },
        { fieldSelector: `metadata.name=${nodeName}` },
      ),
      backoff: { initialMs: 500, maxMs: 5000 },
      ...loggers,
    });
    // Pods are watched only once the node has listed, so a pod selecting a label added to the node by hand is
    // not refused against the registered node, which lacks it.
    const nodeListed = new Promise<void>((resolve) => {
      void nodeInformer.waitForSync().then(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const currentNode = (): Node =>
      nodeInformer.indexer.list().find((n) => n.metadata.name === nodeName) ??
      initialNode(facts, new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const syncLoop = new SyncLoop({
      informer,
      workers,
      runtime,
      statusManager,
      node: currentNode,
      recorder,
      syncFrequencyMs: this.options.syncFrequencyMs,
      relistPeriodMs: this.options.relistPeriodMs,
      housekeepingPeriodMs: this.options.housekeepingPeriodMs,
      ...loggers,
    });
    const lease = new NodeLease({ client, nodeName, renewIntervalMs: this.options.leaseRenewMs, ...loggers });

    this.log.info('Kubelet started');
    await Promise.all([
      nodeListed.then(() => (signal.aborted ? undefined : informer.run(signal))),
      nodeInformer.run(signal),
      this.options.services?.run(signal),
      syncLoop.run(signal),
      nodeStatus.run(signal),
      lease.run(signal),
    ]);
    await this.stop(recorder);
  }

  private async stop(recorder: EventRecorder): Promise<void> {
    await this.server?.close();
    await recorder.flush();
    this.log.info('Kubelet stopped; pods left running');
  }

  /** Calls fn until it succeeds, backing off up to 10 s; undefined if the signal aborted first. */
  private async retry<T>(what: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T | undefined> {
    let delay = 500;
    while (!signal.aborted) {
      try {
        return await fn();
      } catch (err) {
        if (signal.aborted) break;
        this.log.warn({ err, retryInMs: delay }, `${what} failed, retrying`);
        try {
          await this.clock.sleep(delay, signal);
        } catch {
          break;
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
    return undefined;
  }
}
