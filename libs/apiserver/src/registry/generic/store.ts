// The generic store: one ResourceRegistry over Storage for any kind, shaped by a ResourceStrategy.
// It owns what every kind shares: names and generateName, uid, timestamps, generation,
// resourceVersion checks, graceful deletion marks, selectors, paging and watch.
import type { DeleteOptions, KubeList, KubeObject, ObjectMeta, Status, WatchEvent } from '@groundkube/api';
import type { Clock } from '@groundkube/client';
import { compileListFilter, isSelectorError } from '../../selectors';
import { KeyExistsError, KeyNotFoundError, parseRevision, type Storage } from '@groundkube/storage';
import type { Logger } from 'pino';
import {
  type ApiError,
  type QualifiedResource,
  badRequest,
  conflict,
  invalid,
  isApiError,
  notFound,
  tooLargeResourceVersion,
} from '../api-errors';
import type {
  DeleteResult,
  ListRequest,
  ObjectUpdater,
  RequestContext,
  ResourceRegistry,
  UpdateResult,
  WatchRequest,
  WriteRequest,
} from '../rest';
import { MODIFIED_CONFLICT, toApiError } from '../storage-errors';
import { type ResourceStrategy, type StrategyContext, deletionComplete, jsonEqual } from '../strategy';
import { type FieldError, forbidden, invalidValue, toStatusCause } from '../validation/field-errors';
import { validateAnnotations, validateLabels, validateObjectMeta } from '../validation/object-meta';
import { listPrefix, objectKey } from './keys';
import { listFiltered } from './list-pages';
import type { NamespaceLifecycle } from './namespace-lifecycle';
import { generateNameFrom, newUid, rfc3339, withTypeMeta } from './object-meta';
import {
  checkDeletePreconditions,
  expiredContinue,
  setOrDelete,
  specOf,
  withoutResourceVersion,
} from './store-rules';
import { watchStream } from './watch-stream';

export interface GenericStoreOptions {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name: `pods`. */
  readonly resource: string;
  readonly kind: string;
  readonly strategy: ResourceStrategy;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Checks namespaced creates against the namespace's existence and phase; none for namespaces themselves. */
  readonly namespaceLifecycle?: NamespaceLifecycle | undefined;
  /** Suffixes for generateName; random by default (tests inject collisions). */
  readonly nameSuffix?: (() => string) | undefined;
  /** Told about every object this store marks for deletion or deletes (after the write). */
  readonly onDeleting?: ((object: KubeObject) => void) | undefined;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK; Kubernetes sends about one a minute. */
  readonly bookmarkIntervalMs?: number | undefined;
}

/** Attempts at a unique generated name before giving up with AlreadyExists. */
const GENERATE_NAME_ATTEMPTS = 8;
const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

export class GenericStore implements ResourceRegistry {
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly group: string;
  readonly apiVersion: string;
  readonly qualified: QualifiedResource;
  readonly strategy: ResourceStrategy;
  private readonly storage: Storage;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly options: GenericStoreOptions) {
    this.resource = options.resource;
    this.kind = options.kind;
    this.group = options.group;
    this.strategy = options.strategy;
    this.namespaced = options.strategy.namespaced;
    this.apiVersion = options.group ? `${options.group}/${options.version}` : options.version;
    this.qualified = { group: options.group, resource: options.resource };
    this.storage = options.storage;
    this.clock = options.clock;
    this.log = options.logger.child({ resource: this.qualifiedName() });
  }

  private qualifiedName(): string {
    return this.group ? `${this.resource}.${this.group}` : this.resource;
  }

  key(namespace: string, name: string): string {
    return objectKey({ resource: this.resource, namespaced: this.namespaced }, namespace, name);
  }

  private prefix(namespace: string): string {
    return listPrefix({ resource: this.resource, namespaced: this.namespaced }, namespace);
  }

  /** The key of `object` below `prefix(namespace)`, for continue tokens and watch bookkeeping. */
  private relativeKey(namespace: string): (object: KubeObject) => string {
    const prefix = this.prefix(namespace);
    return (object) =>
      this.key(object.metadata.namespace ?? '', object.metadata.name ?? '').slice(prefix.length);
  }

  decorate = (object: KubeObject): KubeObject => withTypeMeta(object, this.kind, this.apiVersion);

  private strategyContext(ctx: RequestContext): StrategyContext {
    return { now: rfc3339(this.clock.now()), namespace: ctx.namespace };
  }

  private fail(error: unknown, name = ''): ApiError | Error {
    return toApiError(error, this.qualified, name);
  }

  private invalid(name: string, errors: FieldError[]): ApiError {
    return invalid(this.kind, this.group, name, errors.map(toStatusCause));
  }

  /** Puts the request's namespace on `meta`, or rejects a body that names another one. */
  private settleNamespace(ctx: RequestContext, meta: ObjectMeta): void {
    if (!this.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace && ctx.namespace && meta.namespace !== ctx.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const namespace = meta.namespace || ctx.namespace;
    if (!namespace) throw badRequest('Namespace parameter required.');
    meta.namespace = namespace;
  }

  // ---------------------------------------------------------------------------------------------
  // create

  async create(ctx: RequestContext, input: KubeObject, request: WriteRequest): Promise<KubeObject> {
    const object = structuredClone(input);
    object.metadata ??= {};
    this.settleNamespace(ctx, object.metadata);
    if (object.metadata.resourceVersion) {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    const namespace = object.metadata.namespace ?? '';
    if (this.namespaced && this.options.namespaceLifecycle) {
      const name = object.metadata.name ?? object.metadata.generateName ?? '';
      await this.options.namespaceLifecycle.admitCreate(namespace, this.qualified, name, ctx.signal);
    }

    const generated = !object.metadata.name && !!object.metadata.generateName;
    for (let attempt = 1; ; attempt++) {
      const candidate = structuredClone(object);
      if (generated)
        candidate.metadata.name = generateNameFrom(
          candidate.metadata.generateName ?? '',
          this.options.nameSuffix,
        );
      const prepared = this.prepareCreate(ctx, candidate);
      const name = prepared.metadata.name ?? '';
      if (request.dryRun) return this.decorate(prepared);
      try {
        const stored = await this.storage.create(this.key(namespace, name), prepared, { signal: ctx.signal });
        this.log.debug({ namespace, name }, 'Object created');
        return this.decorate(stored);
      } catch (err) {
        const retry = generated && err instanceof KeyExistsError && attempt < GENERATE_NAME_ATTEMPTS;
        if (!retry) throw this.fail(err, name);
      }
    }
  }

  /** Fills shared metadata, runs the strategy and validation; throws 422 with every problem. */
  private prepareCreate(ctx: RequestContext, object: KubeObject): KubeObject {
    const meta = object.metadata;
    const now = rfc3339(this.clock.now());
    meta.uid = newUid();
    meta.creationTimestamp = now;
    delete meta.selfLink;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    this.decorate(object);

    let prepared = this.strategy.prepareForCreate(object, this.strategyContext(ctx));
    const errors = [
      ...validateObjectMeta(prepared.metadata, this.strategy.nameRule),
      ...this.strategy.validate(prepared),
    ];
    if (errors.length > 0)
      throw this.invalid(prepared.metadata.name ?? prepared.metadata.generateName ?? '', errors);
    if (this.strategy.canonicalize) prepared = this.strategy.canonicalize(prepared);
    return prepared;
  }

  // ---------------------------------------------------------------------------------------------
  // get / list

  async get(ctx: RequestContext, name: string): Promise<KubeObject> {
    try {
      return this.decorate(await this.storage.get(this.key(ctx.namespace, name), { signal: ctx.signal }));
    } catch (err) {
      throw this.fail(err, name);
    }
  }

  private compileFilter(request: ListRequest): ((object: KubeObject) => boolean) | undefined {
    if (!request.labelSelector && !request.fieldSelector) return undefined;
    try {
      return compileListFilter({
        resource: { group: this.group, resource: this.resource },
        labelSelector: request.labelSelector,
        fieldSelector: request.fieldSelector,
      });
    } catch (err) {
      if (isSelectorError(err)) throw badRequest(err.message);
      throw err;
    }
  }

  /** The revision a list or watch starts at, or undefined for "newest". */
  private parseResourceVersion(value: string | undefined): number | undefined {
    if (value === undefined || value === '' || value === '0') return undefined;
    try {
      return parseRevision(value);
    } catch {
      throw badRequest(`invalid resource version: ${value}`);
    }
  }

  async list(ctx: RequestContext, request: ListRequest): Promise<KubeList> {
    const filter = this.compileFilter(request);
    const revision = this.parseResourceVersion(request.resourceVersion);
    // A resourceVersion is an exact read when asked, and (as in Kubernetes) for paged reads;
    // otherwise "not older than", which the newest state always satisfies.
    const exact =
      request.resourceVersionMatch === 'Exact' ||
      (request.resourceVersionMatch === undefined && !!request.limit);
    try {
      if (revision !== undefined && !request.continue) {
        const current = await this.storage.currentRevision({ signal: ctx.signal });
        if (revision > current) throw tooLargeResourceVersion(revision, current);
      }
      const result = await listFiltered({
        storage: this.storage,
        prefix: this.prefix(ctx.namespace),
        filter,
        relativeKey: this.relativeKey(ctx.namespace),
        limit: request.limit,
        continue: request.continue,
        revision: exact ? revision : undefined,
        signal: ctx.signal,
      });
      const metadata: KubeList['metadata'] = { resourceVersion: String(result.revision) };
      if (result.continue) metadata.continue = result.continue;
      if (result.remainingItemCount !== undefined && !filter)
        metadata.remainingItemCount = result.remainingItemCount;
      return {
        kind: `${this.kind}List`,
        apiVersion: this.apiVersion,
        metadata,
        items: result.items.map(this.decorate),
      };
    } catch (err) {
      const translated = this.fail(err);
      if (request.continue && isApiError(translated) && translated.code === 410) throw expiredContinue();
      throw translated;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // update

  async update(
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult> {
    return this.updateWith(this.strategy, ctx, name, updater, request);
  }

  /** Update through `strategy` (the main one, or a subresource's such as status). */
  async updateWith(
    strategy: ResourceStrategy,
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult> {
    const key = this.key(ctx.namespace, name);
    const apply = (current: KubeObject): Promise<KubeObject> =>
      this.prepareUpdate(strategy, ctx, name, current, updater);
    for (;;) {
      // The write itself finds out whether the object exists: one read per update, not two.
      try {
        if (request.dryRun) {
          const live = await this.storage.get(key, { signal: ctx.signal });
          return { object: this.decorate(await apply(live)), created: false };
        }
        const updated = await this.storage.guaranteedUpdate(key, apply, { signal: ctx.signal });
        this.log.debug({ namespace: ctx.namespace, name }, 'Object updated');
        return { object: this.decorate(await this.finishDeletionIfDue(ctx, updated)), created: false };
      } catch (err) {
        if (!(err instanceof KeyNotFoundError)) throw this.fail(err, name);
      }

      const object = await updater(undefined);
      if (!strategy.allowCreateOnUpdate) throw notFound(this.qualified, name);
      const body = structuredClone(object);
      body.metadata ??= {};
      this.checkName(body.metadata, name);
      delete body.metadata.resourceVersion;
      try {
        return { object: await this.create(ctx, body, request), created: true };
      } catch (err) {
        // Created by someone else meanwhile: update it instead.
        if (isApiError(err) && err.reason === 'AlreadyExists') continue;
        throw err;
      }
    }
  }

  private checkName(meta: ObjectMeta, name: string): void {
    if (meta.name && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    meta.name = name;
  }

  private async prepareUpdate(
    strategy: ResourceStrategy,
    ctx: RequestContext,
    name: string,
    current: KubeObject,
    updater: ObjectUpdater,
  ): Promise<KubeObject> {
    const next = structuredClone(await updater(structuredClone(current)));
    next.metadata ??= {};
    const meta = next.metadata;
    const old = current.metadata;
    this.checkName(meta, name);
    this.settleNamespace(ctx, meta);
    if (meta.resourceVersion && meta.resourceVersion !== old.resourceVersion) {
      throw conflict(this.qualified, name, MODIFIED_CONFLICT);
    }

    // What no client may change through an update.
    const errors: FieldError[] = [];
    if (!meta.uid) meta.uid = old.uid ?? newUid();
    else if (meta.uid !== old.uid) errors.push(invalidValue('metadata.uid', meta.uid, 'field is immutable'));
    if (old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
    setOrDelete(meta, 'deletionTimestamp', old.deletionTimestamp);
    setOrDelete(meta, 'deletionGracePeriodSeconds', old.deletionGracePeriodSeconds);
    setOrDelete(meta, 'generation', old.generation);
    delete meta.selfLink;
    this.decorate(next);

    let prepared = strategy.prepareForUpdate(next, current, this.strategyContext(ctx));
    if (strategy.tracksGeneration && !jsonEqual(specOf(prepared), specOf(current))) {
      prepared.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    errors.push(
      ...validateLabels(prepared.metadata.labels),
      ...validateAnnotations(prepared.metadata.annotations),
    );
    if (old.deletionTimestamp) {
      const before = new Set(old.finalizers ?? []);
      if ((prepared.metadata.finalizers ?? []).some((f) => !before.has(f))) {
        errors.push(
          forbidden('metadata.finalizers', 'no new finalizers can be added if the object is being deleted'),
        );
      }
    }
    errors.push(...strategy.validateUpdate(prepared, current));
    if (errors.length > 0) throw this.invalid(name, errors);
    if (strategy.canonicalize) prepared = strategy.canonicalize(prepared);
    // An update that changes nothing (keys in another order count as nothing) writes nothing:
    // no new resourceVersion, no watch event.
    if (jsonEqual(withoutResourceVersion(prepared), withoutResourceVersion(current))) return current;
    return prepared;
  }

  /**
   * An object marked for deletion whose grace is over (0) and which has no finalizers left goes
   * away on the write that made it so, as in Kubernetes (a kubelet's final status write, a
   * controller removing the last finalizer).
   */
  private async finishDeletionIfDue(ctx: RequestContext, object: KubeObject): Promise<KubeObject> {
    const meta = object.metadata;
    const complete = this.strategy.deleteDuringUpdate ?? deletionComplete;
    if (!complete(object)) return object;
    try {
      return await this.storage.delete(this.key(meta.namespace ?? '', meta.name ?? ''), {
        preconditions: { uid: meta.uid },
        signal: ctx.signal,
      });
    } catch (err) {
      if (err instanceof KeyNotFoundError) return object;
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // delete

  async delete(
    ctx: RequestContext,
    name: string,
    options: DeleteOptions,
    request: WriteRequest,
  ): Promise<DeleteResult> {
    const key = this.key(ctx.namespace, name);
    const preconditions = {
      uid: options.preconditions?.uid,
      resourceVersion: options.preconditions?.resourceVersion,
    };
    try {
      const live = await this.storage.get(key, { signal: ctx.signal });
      if (options.preconditions) checkDeletePreconditions(this.qualified, name, live, options);
      this.strategy.admitDelete?.(live);

      const grace = this.strategy.gracePeriodSeconds?.(live, options);
      const marked = this.strategy.markForDeletion?.(structuredClone(live), this.strategyContext(ctx));
      const hasFinalizers = (live.metadata.finalizers?.length ?? 0) > 0;
      if ((grace !== undefined && grace > 0) || marked || hasFinalizers) {
        if (request.dryRun) return { object: this.decorate(live), deleted: false };
        const updated = await this.storage.guaranteedUpdate(
          key,
          (current) => this.markDeleted(ctx, current, grace ?? 0),
          { preconditions, signal: ctx.signal },
        );
        this.log.debug({ namespace: ctx.namespace, name, grace }, 'Object marked for deletion');
        this.options.onDeleting?.(updated);
        return { object: this.decorate(updated), deleted: false };
      }

      if (request.dryRun) return { object: this.decorate(live), deleted: true };
      const deleted = await this.storage.delete(key, { preconditions, signal: ctx.signal });
      this.log.debug({ namespace: ctx.namespace, name }, 'Object deleted');
      this.options.onDeleting?.(deleted);
      return { object: this.decorate(deleted), deleted: true };
    } catch (err) {
      throw this.fail(err, name);
    }
  }

  /**
   * Sets deletionTimestamp = now + grace (only ever earlier than an existing mark), and lets the
   * strategy add its own marks (a namespace's Terminating phase).
   */
  private markDeleted(ctx: RequestContext, current: KubeObject, grace: number): KubeObject {
    const sctx = this.strategyContext(ctx);
    const next = this.strategy.markForDeletion?.(structuredClone(current), sctx) ?? structuredClone(current);
    const meta = next.metadata;
    const deadline = this.clock.now() + grace * 1000;
    const existing = current.metadata.deletionTimestamp
      ? Date.parse(current.metadata.deletionTimestamp)
      : undefined;
    if (existing === undefined || deadline < existing) {
      meta.deletionTimestamp = rfc3339(deadline);
      meta.deletionGracePeriodSeconds = grace;
      if (existing === undefined && meta.generation !== undefined && meta.generation > 0) meta.generation++;
    }
    return next;
  }

  async deleteCollection(
    ctx: RequestContext,
    options: DeleteOptions,
    list: ListRequest,
    request: WriteRequest,
  ): Promise<KubeList> {
    const current = await this.list(ctx, {
      labelSelector: list.labelSelector,
      fieldSelector: list.fieldSelector,
    });
    const items: KubeObject[] = [];
    for (const item of current.items) {
      const itemCtx: RequestContext = { namespace: item.metadata.namespace ?? '', signal: ctx.signal };
      try {
        const result = await this.delete(itemCtx, item.metadata.name ?? '', options, request);
        items.push(result.object);
      } catch (err) {
        // Gone already (deleted by someone else): nothing to do for it.
        if (isApiError(err) && err.code === 404) continue;
        throw err;
      }
    }
    return {
      kind: `${this.kind}List`,
      apiVersion: this.apiVersion,
      metadata: { resourceVersion: current.metadata.resourceVersion ?? '' },
      items,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // watch

  watch(ctx: RequestContext, request: WatchRequest): AsyncIterable<WatchEvent<KubeObject | Status>> {
    // Bad selectors and versions fail here, before the stream starts, so endpoints answer 400.
    const filter = this.compileFilter(request);
    const revision = this.parseResourceVersion(request.resourceVersion);
    const initialEvents = request.sendInitialEvents ?? revision === undefined;
    const bookmarks = request.allowWatchBookmarks === true;
    return watchStream({
      storage: this.storage,
      prefix: this.prefix(ctx.namespace),
      filter,
      relativeKey: this.relativeKey(ctx.namespace),
      startRevision: revision,
      initialEvents,
      initialEventsEndBookmark: bookmarks && request.sendInitialEvents === true,
      bookmarkIntervalMs: bookmarks
        ? (this.options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS)
        : undefined,
      timeoutMs: request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : undefined,
      signal: ctx.signal,
      clock: this.clock,
      logger: this.log,
      decorate: this.decorate,
    });
  }
}
