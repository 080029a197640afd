// policy/v1: the Eviction posted to pods/eviction. PodDisruptionBudgets, the rest of the group, are
// not served by groundkube.
import type { DeleteOptions, KubeObject } from '../../meta/v1/types';

/** A request to remove a pod as a disruption budget would allow: metadata names the pod. */
export interface Eviction extends KubeObject {
  /** How the pod is deleted once the eviction is allowed (grace period, preconditions, dryRun). */
  deleteOptions?: DeleteOptions;
}
