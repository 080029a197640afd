// The conditions Kubernetes' namespace controller keeps on a Terminating namespace, so that
// `kubectl describe namespace` says why deletion is not finished. Every sweep reports the failures
// it saw; each of the five condition types it does not report is set to its "ok" variant (status
// False), as the controller's status_condition_utils.go does. Types, reasons and messages are
// Kubernetes' own: clients and scripts match on them.
import type { NamespaceCondition } from '@groundkube/api';

export const NamespaceConditionTypes = {
  DiscoveryFailure: 'NamespaceDeletionDiscoveryFailure',
  GroupVersionParsingFailure: 'NamespaceDeletionGroupVersionParsingFailure',
  ContentFailure: 'NamespaceDeletionContentFailure',
  ContentRemaining: 'NamespaceContentRemaining',
  FinalizersRemaining: 'NamespaceFinalizersRemaining',
} as const;

type ConditionType = (typeof NamespaceConditionTypes)[keyof typeof NamespaceConditionTypes];

/** In the order the controller first adds them. */
const CONDITION_TYPES: readonly ConditionType[] = [
  NamespaceConditionTypes.DiscoveryFailure,
  NamespaceConditionTypes.GroupVersionParsingFailure,
  NamespaceConditionTypes.ContentFailure,
  NamespaceConditionTypes.ContentRemaining,
  NamespaceConditionTypes.FinalizersRemaining,
];

const OK: Readonly<Record<ConditionType, { reason: string; message: string }>> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** A failing (status True) condition as a sweep reports it. */
export interface DeletionFailure {
  readonly type: ConditionType;
  readonly reason: string;
  readonly message: string;
}

/** What one sweep found in a terminating namespace. */
export interface ContentEstimate {
  /** Objects left per `<resource>.<group>` (`pods.` for the core group). */
  readonly remainingByResource: ReadonlyMap<string, number>;
  /** Objects left per finalizer they still carry. */
  readonly remainingByFinalizer: ReadonlyMap<string, number>;
  /** Messages of the deleteCollection calls that failed, one per resource. */
  readonly deleteErrors: readonly string[];
}

function listed(counts: ReadonlyMap<string, number>, format: (key: string, n: number) => string): string {
  return [...counts]
    .filter(([, n]) => n > 0)
    .map(([key, n]) => format(key, n))
    .sort()
    .join(', ');
}

/** The failing conditions of an estimate, with the controller's reasons and messages. */
export function deletionFailures(estimate: ContentEstimate): DeletionFailure[] {
  const failures: DeletionFailure[] = [];
  if (estimate.deleteErrors.length > 0) {
    failures.push({
      type: NamespaceConditionTypes.ContentFailure,
      reason: 'ContentDeletionFailed',
      message:
        `Failed to delete all resource types, ${estimate.deleteErrors.length} remaining: ` +
        [...estimate.deleteErrors].sort().join(', '),
    });
  }
  const resources = listed(estimate.remainingByResource, (gr, n) => `${gr} has ${n} resource instances`);
  if (resources !== '') {
    failures.push({
      type: NamespaceConditionTypes.ContentRemaining,
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${resources}`,
    });
  }
  const finalizers = listed(estimate.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`);
  if (finalizers !== '') {
    failures.push({
      type: NamespaceConditionTypes.FinalizersRemaining,
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${finalizers}`,
    });
  }
  return failures;
}

/**
 * The namespace's conditions after a sweep: every controller-kept type is present, True with the
 * sweep's failure or False with its "ok" reason. A condition's lastTransitionTime moves only when
 * its status flips; conditions of other types are kept. `changed` is false when nothing differs.
 */
export function updateDeletionConditions(
  current: readonly NamespaceCondition[],
  failures: readonly DeletionFailure[],
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const failure = failures.find((f) => f.type === type);
    const wanted: NamespaceCondition = failure
      ? { type, status: 'True', lastTransitionTime: now, reason: failure.reason, message: failure.message }
      : { type, status: 'False', lastTransitionTime: now, ...OK[type] };
    const old = conditions.find((c) => c.type === type);
    if (old === undefined) {
      conditions.push(wanted);
      changed = true;
    } else if (
      old.status !== wanted.status ||
      old.reason !== wanted.reason ||
      old.message !== wanted.message
    ) {
      if (old.status !== wanted.status) old.lastTransitionTime = now;
      old.status = wanted.status;
      old.reason = wanted.reason;
      old.message = wanted.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
