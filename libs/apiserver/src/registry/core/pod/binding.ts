// pods/binding: the scheduler's (or a user's) assignment of a pod to a node. Create-only: sets
// spec.nodeName and the PodScheduled condition, once; a bound pod answers 409.
import type { Binding, KubeObject, Pod, Status } from '@groundkube/api';
import { ApiError, badRequest, invalid } from '../../api-errors';
import type { GenericStore } from '../../generic/store';
import { SubresourceRegistry } from '../../generic/subresource-registry';
import type { ObjectUpdater, RequestContext, WriteRequest } from '../../rest';
import type { ResourceStrategy } from '../../strategy';
import { required, toStatusCause } from '../../validation/field-errors';
import { podStrategy } from './strategy';

function bindingConflict(name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": ${why}`, {
    name,
    kind: 'pods/binding',
  });
}

export class BindingStore extends SubresourceRegistry {
  readonly resource = 'pods/binding';
  readonly kind = 'Binding';
  readonly namespaced = true;

  constructor(
    private readonly pods: GenericStore,
    private readonly now: () => string,
  ) {
    super();
  }

  override async create(ctx: RequestContext, object: KubeObject, request: WriteRequest): Promise<KubeObject> {
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
}
