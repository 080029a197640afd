// The kubelet's cache of the cluster's services (all namespaces), read when containers start for their
// service environment variables.

import type { Service } from '@groundkube/api';
import { SERVICES, type Clock, type RestClient } from '@groundkube/client';
import { SharedInformer, restListerWatcher } from '@groundkube/client/cache';
import type { Logger } from '@groundkube/logging';

import type { ServiceLister } from './kuberuntime/service-env';

export interface ServiceInformerOptions {
  client: RestClient;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

/**
 * Lists and watches /api/v1/services through a Reflector, with the pod watch's back-off: a failed list or a
 * broken watch is retried, an expired resourceVersion (410) relists. Created before the runtime (which reads
 * it) and run by the Kubelet beside its pod watch.
 */
export class ServiceInformer implements ServiceLister {
  private readonly informer: SharedInformer<Service>;

  constructor(options: ServiceInformerOptions) {
    this.informer = new SharedInformer<Service>({
      name: 'services',
      listerWatcher: restListerWatcher<Service>(options.client, { resource: SERVICES }),
      backoff: { initialMs: 500, maxMs: 5000 },
      clock: options.clock,
      logger: options.logger,
    });
  }

  /** Runs the list-and-watch loop until the signal aborts. */
  run(signal: AbortSignal): Promise<void> {
    return this.informer.run(signal);
  }

  hasSynced(): boolean {
    return this.informer.hasSynced();
  }

  waitForSync(): Promise<void> {
    return this.informer.waitForSync();
  }

  list(): readonly Service[] {
    return this.informer.indexer.list();
  }
}
