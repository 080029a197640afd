// pods/binding: the scheduler's (or a user's) assignment of a pod to a node. Create-only: sets
// spec.nodeName and the PodScheduled condition, once; a bound pod answers 409.
import type { Binding, DeleteOptions, KubeList, KubeObject, Pod, Status, WatchEvent } from '@groundkube/api';
import { ApiError, badRequest, invalid, methodNotAllowed } from '../../api-errors';
import type { GenericStore } from '../../generic/store';
import type {
  DeleteResult,
  ListRequest,
  ObjectUpdater,
  RequestContext,
  ResourceRegistry,
  UpdateResult,
  WatchRequest,
  WriteRequest,
} from '../../rest';
import type { ResourceStrategy } from '../../strategy';
import { required, toStatusCause } from '../../validation/field-errors';
import { podStrategy } from './strategy';

function bindingConflict(name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": ${why}`, {
    name,
    kind: 'pods/binding',
  });
}

export class BindingStore implements ResourceRegistry {
  readonly resource = 'pods/binding';
  readonly kind = 'Binding';
  readonly namespaced = true;

  constructor(
    private readonly pods: GenericStore,
    private readonly now: () => string,
  ) {}

  async create(ctx: RequestContext, object: KubeObject, request: WriteRequest): Promise<KubeObject> {
    const binding = object as Binding;
    const name = binding.metadata?.name ?? '';
    if (binding.metadata?.namespace && binding.metadata.namespace !== ctx.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const errors = [];
    if (!name) errors.push(required('metadata.name', 'name or generateName is required'));
    if (!binding.target?.name) errors.push(required('target.name'));
    if (errors.length > 0) throw invalid('Binding', '', name, errors.map(toStatusCause));
    const node = binding.target.name ?? '';

    const assign: ResourceStrategy = {
      ...podStrategy,
      tracksGeneration: false,
      prepareForUpdate: (_next, old) => {
        const pod = structuredClone(old) as Pod;
        if (pod.metadata.deletionTimestamp) {
          throw bindingConflict(name, `pod ${name} is being deleted, cannot be assigned to a host`);
        }
        if (pod.spec?.nodeName) {
          throw bindingConflict(name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
        }
        pod.spec = { ...(pod.spec ?? { containers: [] }), nodeName: node };
        const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
        conditions.push({
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: this.now(),
        });
        pod.status = { ...(pod.status ?? {}), conditions };
        const annotations = binding.metadata?.annotations;
        if (annotations) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...annotations };
        return pod;
      },
      // Binding is the one write that may set spec.nodeName.
      validateUpdate: () => [],
    };
    const uid = binding.metadata?.uid;
    const updater: ObjectUpdater = (live) => {
      if (live && uid && live.metadata.uid !== uid) {
        throw bindingConflict(
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid ?? ''}`,
        );
      }
      return live ?? binding;
    };
    await this.pods.updateWith(assign, ctx, name, updater, request);
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    return status as unknown as KubeObject;
  }

  private refuse(verb: string): ApiError {
    return methodNotAllowed(`${verb} is not supported on resources of kind "pods/binding"`);
  }

  get(_ctx: RequestContext, _name: string): Promise<KubeObject> {
    return Promise.reject(this.refuse('get'));
  }
  list(_ctx: RequestContext, _request: ListRequest): Promise<KubeList> {
    return Promise.reject(this.refuse('list'));
  }
  update(_c: RequestContext, _n: string, _u: ObjectUpdater, _r: WriteRequest): Promise<UpdateResult> {
    return Promise.reject(this.refuse('update'));
  }
  delete(_c: RequestContext, _n: string, _o: DeleteOptions, _r: WriteRequest): Promise<DeleteResult> {
    return Promise.reject(this.refuse('delete'));
  }
  deleteCollection(
    _c: RequestContext,
    _o: DeleteOptions,
    _l: ListRequest,
    _r: WriteRequest,
  ): Promise<KubeList> {
    return Promise.reject(this.refuse('deletecollection'));
  }
  watch(_ctx: RequestContext, _request: WatchRequest): AsyncIterable<WatchEvent<KubeObject | Status>> {
    throw this.refuse('watch');
  }
}
