// Namespaces: a label naming the namespace, the "kubernetes" finalizer, phase Active; deletion
// marks the namespace Terminating and the namespace finalizer (./finalizer) empties it, then
// removes the finalizer, which completes the deletion.
import { NAMESPACE_DEFAULT, NAMESPACE_PUBLIC, NAMESPACE_SYSTEM, type Namespace } from '@groundkube/api';
import { forbidden } from '../../api-errors';
import { type ResourceStrategy, keepStatus, statusStrategy } from '../../strategy';
import { type FieldError, invalidValue } from '../../validation/field-errors';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const KUBERNETES_FINALIZER = 'kubernetes';
/** Namespaces the API server refuses to delete. */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set([
  NAMESPACE_DEFAULT,
  NAMESPACE_SYSTEM,
  NAMESPACE_PUBLIC,
]);

function labelName(ns: Namespace): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.metadata.name ?? '' };
}

function validateFinalizers(ns: Namespace): FieldError[] {
  const errors: FieldError[] = [];
  (ns.spec?.finalizers ?? []).forEach((finalizer, i) => {
    if (!finalizer)
      errors.push(
        invalidValue(
          `spec.finalizers[${i}]`,
          finalizer,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
  });
  return errors;
}

export const namespaceStrategy: ResourceStrategy = {
  namespaced: false,
  allowCreateOnUpdate: false,
  nameRule: 'label',
  tracksGeneration: false,

  prepareForCreate(object) {
    const ns = object as Namespace;
    const finalizers = new Set(ns.spec?.finalizers ?? []);
    finalizers.add(KUBERNETES_FINALIZER);
    ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers].sort() };
    ns.status = { phase: 'Active' };
    labelName(ns);
    return ns;
  },

  validate: (object) => validateFinalizers(object as Namespace),

  prepareForUpdate(object, old) {
    const ns = keepStatus(object, old) as Namespace;
    // spec.finalizers changes only through finalization (the finalizer below), not plain updates.
    const oldSpec = (old as Namespace).spec;
    if (oldSpec) ns.spec = structuredClone(oldSpec);
    else delete ns.spec;
    labelName(ns);
    return ns;
  },

  validateUpdate: (object) => validateFinalizers(object as Namespace),

  admitDelete(live) {
    const name = live.metadata.name ?? '';
    if (IMMORTAL_NAMESPACES.has(name)) {
      throw forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
    }
  },

  markForDeletion(object) {
    const ns = object as Namespace;
    if ((ns.spec?.finalizers?.length ?? 0) === 0) return undefined;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    return ns;
  },

  deleteDuringUpdate(object) {
    const ns = object as Namespace;
    return (
      !!ns.metadata.deletionTimestamp &&
      (ns.spec?.finalizers?.length ?? 0) === 0 &&
      (ns.metadata.finalizers?.length ?? 0) === 0
    );
  },
};

export const namespaceStatusStrategy: ResourceStrategy = statusStrategy(namespaceStrategy);

/** For the finalizer: a write that only takes `finalizer` out of spec.finalizers. */
export const namespaceFinalizeStrategy: ResourceStrategy = {
  ...namespaceStrategy,
  prepareForUpdate(object, old) {
    const ns = structuredClone(old) as Namespace;
    const requested = (object as Namespace).spec?.finalizers ?? [];
    ns.spec = { ...(ns.spec ?? {}), finalizers: requested };
    return ns;
  },
};
