// The kubelet's admission check for the pod's node name: a pod bound to another node is not this node's.
// The kubelet only watches pods bound to itself, so this holds by construction; it is checked anyway, in the
// same place as the scheduler's NodeName filter, so a pod that somehow arrives is refused, not run.

import type { Node, Pod } from '@groundkube/api';

export const NODE_NAME_REASON = 'NodeName';
/** The predicate's failure as the real kubelet words it (the event's message; the status adds a prefix). */
export const NODE_NAME_MESSAGE = "Predicate NodeName failed: node(s) didn't match the requested node name";

/** Whether `pod` names no node or names `node`. */
export function matchesNodeName(pod: Pod, node: Node): boolean {
  const wanted = pod.spec?.nodeName;
  return !wanted || wanted === node.metadata.name;
}
