// Waiting for etcd at start: the API server is useless without it, but etcd often starts alongside,
// so the server retries for a while and says so, then gives up with one clear error.
import type { Clock } from '@groundkube/client';
import type { Logger } from '@groundkube/logging';
import type { Storage } from '@groundkube/storage';

export class StorageUnreachableError extends Error {
  readonly code = 'APISERVER_STORAGE_UNREACHABLE';

  constructor(
    readonly endpoints: readonly string[],
    readonly waitedMs: number,
  ) {
    super(`etcd at ${endpoints.join(',')} did not answer within ${Math.round(waitedMs / 1000)}s`);
    this.name = 'StorageUnreachableError';
  }
}

export interface StorageWaitOptions {
  readonly storage: Storage;
  readonly endpoints: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Between attempts. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** Resolves once storage answers; StorageUnreachableError after timeoutMs. */
export async function waitForStorage(options: StorageWaitOptions): Promise<void> {
  const started = options.clock.now();
  const interval = options.intervalMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    if (await options.storage.healthy({ signal: options.signal })) {
      if (attempt > 1) options.logger.info({ attempt }, 'etcd is reachable');
      return;
    }
    const waited = options.clock.now() - started;
    if (waited >= options.timeoutMs) throw new StorageUnreachableError(options.endpoints, waited);
    options.logger.info(
      { endpoints: options.endpoints, attempt, waitedSeconds: Math.round(waited / 1000) },
      'Waiting for etcd',
    );
    await options.clock.sleep(interval, options.signal);
  }
}
