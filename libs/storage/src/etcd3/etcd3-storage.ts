// Storage on etcd v3: values are JSON, resourceVersion is the key's mod_revision.
import type { KubeObject } from '@groundkube/api';
import { Etcd3, type IKeyValue, type IRangeResponse } from 'etcd3';
import type { Logger } from 'pino';
import { continueAfter, pageStart } from '../continue-token';
import {
  InvalidError,
  isStorageError,
  KeyExistsError,
  KeyNotFoundError,
  ResourceVersionTooOldError,
  UnavailableError,
} from '../errors';
import { checkPreconditions, decodeObject, encodeObject, sameObject } from '../object-codec';
import type {
  CallOptions,
  DeleteOptions,
  ListOptions,
  ListResult,
  Storage,
  StorageEvent,
  UpdateFunction,
  UpdateOptions,
  WatchOptions,
} from '../storage';
import { watchEtcd } from './etcd3-watch';

export interface Etcd3StorageOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  readonly endpoints: readonly string[];
  readonly logger: Logger;
  /** Per-call deadline for unary calls (not watches). */
  readonly callTimeoutMs?: number;
}

const COMPACTED = 'required revision has been compacted';

export function isCompactedError(error: unknown): boolean {
  return error instanceof Error && error.message.includes(COMPACTED);
}

/** The key just after every key starting with `prefix` (etcd's range_end for a prefix). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export class Etcd3Storage implements Storage {
  readonly client: Etcd3;
  private readonly log: Logger;
  private readonly callTimeoutMs: number;

  constructor(options: Etcd3StorageOptions) {
    const hosts = options.endpoints.map((e) => e.replace(/^https?:\/\//, ''));
    // A LIST of every pod of a big namespace is one range read; gRPC's default 4 MiB receive limit
    // would fail it (and etcd3's circuit breaker would then refuse every call for a while).
    // kube-apiserver's etcd client takes messages of any size too.
    this.client = new Etcd3({
      hosts,
      dialTimeout: 3_000,
      grpcOptions: { 'grpc.max_receive_message_length': 2 ** 31 - 1 },
    });
    this.log = options.logger;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  private deadline(options?: CallOptions): { deadline: Date } {
    // grpc call options take a deadline; AbortSignal is checked around the call.
    options?.signal?.throwIfAborted();
    return { deadline: new Date(Date.now() + this.callTimeoutMs) };
  }

  /** Maps transport failures to UnavailableError and compaction to ResourceVersionTooOldError. */
  private translate(error: unknown, revision?: number): unknown {
    if (isStorageError(error)) return error;
    if (isCompactedError(error))
      return new ResourceVersionTooOldError(revision ?? 0, undefined, { cause: error });
    if (error instanceof Error && error.name === 'AbortError') return error;
    const message = error instanceof Error ? error.message : String(error);
    return new UnavailableError(`etcd request failed: ${message}`, { cause: error });
  }

  private async call<T>(fn: () => Promise<T>, revision?: number): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.translate(err, revision);
    }
  }

  async create(key: string, object: KubeObject, options?: CallOptions): Promise<KubeObject> {
    const keyBuf = Buffer.from(key);
    const value = encodeObject(object);
    const res = await this.call(() =>
      this.client.kv.txn(
        {
          compare: [{ key: keyBuf, target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_put: { key: keyBuf, value: Buffer.from(value) } }],
          failure: [],
        },
        this.deadline(options),
      ),
    );
    if (!res.succeeded) throw new KeyExistsError(key);
    this.log.trace({ key }, 'Object created');
    return decodeObject(value, Number(res.header.revision));
  }

  private async getKv(key: string, options?: CallOptions): Promise<IKeyValue | undefined> {
    const res = await this.call(() =>
      this.client.kv.range({ key: Buffer.from(key) }, this.deadline(options)),
    );
    return res.kvs[0];
  }

  async get(key: string, options?: CallOptions): Promise<KubeObject> {
    const kv = await this.getKv(key, options);
    if (!kv) throw new KeyNotFoundError(key);
    return decodeObject(kv.value, Number(kv.mod_revision));
  }

  async guaranteedUpdate(key: string, update: UpdateFunction, options?: UpdateOptions): Promise<KubeObject> {
    const keyBuf = Buffer.from(key);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.getKv(key, options);
      if (!kv) throw new KeyNotFoundError(key);
      const current = decodeObject(kv.value, Number(kv.mod_revision));
      checkPreconditions(key, current, options?.preconditions);

      const next = await update(structuredClone(current));
      if (sameObject(current, next)) return current;

      const value = encodeObject(next);
      const res = await this.call(() =>
        this.client.kv.txn(
          {
            compare: [{ key: keyBuf, target: 'Mod', result: 'Equal', mod_revision: kv.mod_revision }],
            success: [{ request_put: { key: keyBuf, value: Buffer.from(value) } }],
            failure: [],
          },
          this.deadline(options),
        ),
      );
      if (res.succeeded) return decodeObject(value, Number(res.header.revision));
      // Someone wrote between our read and our write: read again and re-apply.
      this.log.trace({ key, attempt }, 'Update conflicted, retrying');
    }
  }

  async delete(key: string, options?: DeleteOptions): Promise<KubeObject> {
    const keyBuf = Buffer.from(key);
    for (;;) {
      const kv = await this.getKv(key, options);
      if (!kv) throw new KeyNotFoundError(key);
      const current = decodeObject(kv.value, Number(kv.mod_revision));
      checkPreconditions(key, current, options?.preconditions);
      options?.validate?.(current);

      const res = await this.call(() =>
        this.client.kv.txn(
          {
            compare: [{ key: keyBuf, target: 'Mod', result: 'Equal', mod_revision: kv.mod_revision }],
            success: [{ request_delete_range: { key: keyBuf } }],
            failure: [],
          },
          this.deadline(options),
        ),
      );
      if (res.succeeded) return current;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const { revision, start } = pageStart(prefix, options);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const res: IRangeResponse = await this.call(
      () =>
        this.client.kv.range(
          {
            key: Buffer.from(start),
            range_end: prefixEnd(prefix),
            ...(limit > 0 ? { limit } : {}),
            ...(revision !== undefined ? { revision } : {}),
          },
          this.deadline(options),
        ),
      revision,
    );
    const readAt = revision ?? Number(res.header.revision);
    const items = res.kvs.map((kv) => decodeObject(kv.value, Number(kv.mod_revision)));
    const last = res.kvs[res.kvs.length - 1];
    if (!res.more || !last) return { items, revision: readAt };

    return {
      items,
      revision: readAt,
      continue: continueAfter(prefix, readAt, last.key.toString()),
      remainingItemCount: Number(res.count) - items.length,
    };
  }

  watch(prefix: string, options: WatchOptions): AsyncIterable<StorageEvent> {
    return watchEtcd({
      client: this.client,
      prefix,
      rangeEnd: prefixEnd(prefix),
      options,
      log: this.log,
      list: (p, o) => this.list(p, o),
      currentRevision: () => this.currentRevision(),
      translate: (e, r) => this.translate(e, r),
    });
  }

  async currentRevision(options?: CallOptions): Promise<number> {
    const res = await this.call(() =>
      this.client.kv.range(
        { key: Buffer.from('/registry/'), count_only: true, limit: 1 },
        this.deadline(options),
      ),
    );
    return Number(res.header.revision);
  }

  async healthy(options?: CallOptions): Promise<boolean> {
    try {
      await this.client.kv.range(
        { key: Buffer.from('health'), count_only: true },
        { deadline: new Date(Date.now() + 2_000) },
      );
      return !options?.signal?.aborted;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

/** Validates a revision parsed from a resourceVersion string. */
export function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidError(`invalid resource version: ${value}`);
  return n;
}
