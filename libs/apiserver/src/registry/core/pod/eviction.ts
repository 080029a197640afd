// pods/eviction: a policy/v1 Eviction posted to a pod asks for the pod's removal, subject to the
// PodDisruptionBudgets that select it. groundkube serves no budgets, so every eviction is allowed and
// becomes a delete of the pod with the Eviction's deleteOptions: graceful for a pod bound to a node and
// still running, at once for one that is unbound or finished (the pod strategy decides, as for DELETE).
import type { DeleteOptions, Eviction, KubeObject, Status } from '@groundkube/api';
import { badRequest, invalid } from '../../api-errors';
import type { GenericStore } from '../../generic/store';
import { SubresourceRegistry } from '../../generic/subresource-registry';
import type { RequestContext, WriteRequest } from '../../rest';
import { notSupported, toStatusCause, type FieldError } from '../../validation/field-errors';

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'];

/** What Kubernetes checks of any DeleteOptions before a delete: the enumerations. */
function validateDeleteOptions(options: DeleteOptions): FieldError[] {
  const errors: FieldError[] = [];
  for (const value of options.dryRun ?? []) {
    if (value !== 'All') errors.push(notSupported('dryRun', value, ['All']));
  }
  const policy = options.propagationPolicy;
  if (policy !== undefined && !PROPAGATION_POLICIES.includes(policy)) {
    errors.push(notSupported('propagationPolicy', policy, PROPAGATION_POLICIES));
  }
  return errors;
}

export class EvictionStore extends SubresourceRegistry {
  readonly resource = 'pods/eviction';
  readonly kind = 'Eviction';
  readonly namespaced = true;

  constructor(private readonly pods: GenericStore) {
    super();
  }

  /**
   * Evicts the pod named on the URL (ctx.name), which the Eviction must name too (400 otherwise); a
   * missing pod answers 404 as a GET would. The answer is a Success Status, sent with 201 Created.
   */
  override async create(ctx: RequestContext, object: KubeObject, request: WriteRequest): Promise<KubeObject> {
    const eviction = object as Eviction;
    const name = eviction.metadata?.name ?? '';
    if (ctx.name === undefined || name !== ctx.name) {
      throw badRequest('name in URL does not match name in Eviction object');
    }
    const options: DeleteOptions = { ...(eviction.deleteOptions ?? {}) };
    const errors = validateDeleteOptions(options);
    if (errors.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', errors.map(toStatusCause));

    // dryRun may come on the URL (?dryRun=All) or inside the Eviction's deleteOptions: either makes it one.
    const dryRun = request.dryRun === true || (options.dryRun ?? []).includes('All');
    // TODO(#3): with PodDisruptionBudgets, Kubernetes would check and decrement the budget here, and
    // delete with the pod's resourceVersion as a precondition so the pod cannot turn ready in between.
    await this.pods.delete(ctx, name, options, { ...request, dryRun });
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    return status as unknown as KubeObject;
  }
}
