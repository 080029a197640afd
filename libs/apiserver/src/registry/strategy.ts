// Per-resource behaviour plugged into the generic store: how an object is defaulted, checked and
// carried from one version to the next. The store owns everything kinds share (names, uid,
// timestamps, resourceVersion, preconditions); a strategy owns what differs.
import type { DeleteOptions, KubeObject } from '@groundkube/api';
import type { FieldError } from './validation/field-errors';
import type { NameRule } from './validation/names';

export interface StrategyContext {
  /** The request time as an RFC 3339 timestamp with second precision. */
  readonly now: string;
  /** The request's namespace ('' for cluster-scoped resources). */
  readonly namespace: string;
}

/**
 * Call order on create: prepareForCreate → validate → canonicalize → write.
 * On update: prepareForUpdate(new, old) → validateUpdate(new, old) → canonicalize → write.
 * Prepare functions may mutate and return their argument, or return a new object; the store has
 * already set the shared metadata (uid, creationTimestamp, generation from old) before they run.
 * Nothing here touches storage, so every function may run more than once when writes race.
 */
export interface ResourceStrategy {
  readonly namespaced: boolean;
  /** Whether PUT on a missing object creates it (Kubernetes: true for events, leases, services; not pods, nodes, namespaces). */
  readonly allowCreateOnUpdate: boolean;
  /** RFC 1123 rule for metadata.name: 'label' for namespaces, 'subdomain' for most kinds. */
  readonly nameRule: NameRule;
  /** Whether metadata.generation is kept: 1 on create, +1 whenever spec changes. */
  readonly tracksGeneration: boolean;

  prepareForCreate(object: KubeObject, ctx: StrategyContext): KubeObject;
  validate(object: KubeObject): FieldError[];
  prepareForUpdate(object: KubeObject, old: KubeObject, ctx: StrategyContext): KubeObject;
  validateUpdate(object: KubeObject, old: KubeObject): FieldError[];
  /** Normalises an object just before it is written (sorting, trimming); optional. */
  canonicalize?(object: KubeObject): KubeObject;
  /**
   * Grace period in seconds for deleting `live`, or undefined to delete at once. Kinds without
   * graceful deletion leave this out. The store handles an already-marked object's shortening.
   */
  gracePeriodSeconds?(live: KubeObject, options: DeleteOptions): number | undefined;
  /** Refuses a delete by throwing an ApiError (a namespace that may never be deleted). */
  admitDelete?(live: KubeObject): void;
  /**
   * For kinds whose deletion is a process (namespaces): the object with the kind's own marks
   * (phase Terminating), or undefined to delete as usual. The store adds deletionTimestamp.
   */
  markForDeletion?(object: KubeObject, ctx: StrategyContext): KubeObject | undefined;
  /**
   * Whether an object just written should now be removed because its deletion is complete.
   * Default: marked for deletion with no grace left and no finalizers.
   */
  deleteDuringUpdate?(object: KubeObject): boolean;
}

/** The default completion rule of a marked object (Kubernetes' ShouldDeleteDuringUpdate). */
export function deletionComplete(object: KubeObject): boolean {
  const meta = object.metadata;
  return (
    !!meta.deletionTimestamp && meta.deletionGracePeriodSeconds === 0 && (meta.finalizers?.length ?? 0) === 0
  );
}

type WithStatus = KubeObject & { status?: unknown };

/**
 * For the main resource of kinds with a status subresource: writes through it keep the stored
 * status, whatever the body says.
 */
export function keepStatus(object: KubeObject, old: KubeObject): KubeObject {
  const next = object as WithStatus;
  const previous = (old as WithStatus).status;
  if (previous === undefined) delete next.status;
  else next.status = structuredClone(previous);
  return next;
}

/**
 * A strategy for `<resource>/status`: a write changes only `status`; every other field stays as
 * stored. Validation is the main strategy's update validation on the result.
 */
export function statusStrategy(
  main: ResourceStrategy,
  validateStatus: (object: KubeObject, old: KubeObject) => FieldError[] = () => [],
): ResourceStrategy {
  return {
    namespaced: main.namespaced,
    allowCreateOnUpdate: false,
    nameRule: main.nameRule,
    tracksGeneration: false,
    prepareForCreate: (object) => object,
    validate: () => [],
    prepareForUpdate(object, old) {
      const next = structuredClone(old) as WithStatus;
      const status = (object as WithStatus).status;
      if (status === undefined) delete next.status;
      else next.status = status;
      return next;
    },
    validateUpdate: (object, old) => validateStatus(object, old),
  };
}

/** Whether two values are equal as JSON (key order ignored): decides spec changes for generation. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
