// The kubelet's admission of a new pod: the scheduler's node filters run again on the node, because the
// scheduler may have decided on stale data and a pod created with spec.nodeName set never went through it.

import type { Node, Pod } from '@groundkube/api';

import { matchesNodeAffinity, NODE_AFFINITY_MESSAGE, NODE_AFFINITY_REASON } from './node-affinity';
import { matchesNodeName, NODE_NAME_MESSAGE, NODE_NAME_REASON } from './node-name';
import { hostPortConflict, NODE_PORTS_MESSAGE, NODE_PORTS_REASON } from './node-ports';
import {
  insufficientResourceMessage,
  insufficientResourceReason,
  insufficientResources,
} from './node-resources-fit';

/** Why a pod was refused: the status reason and the event's message. */
export interface AdmissionRejection {
  reason: string;
  message: string;
}

/**
 * The first check `pod` fails, or undefined when `node` can take it. The checks run in the real kubelet's
 * order: resources, node affinity and selector, node name, host ports. It collects every failure but reports
 * only the first, so a pod short of both cpu and memory is OutOfcpu. `admitted` are the node's admitted,
 * non-terminal pods. TODO(#4): the real kubelet also refuses pods that do not tolerate a NoExecute taint
 * of the node (TaintToleration), and pods whose OS or resources the node's managers cannot serve.
 */
export function admissionRejection(
  pod: Pod,
  node: Node,
  admitted: readonly Pod[],
): AdmissionRejection | undefined {
  const shortage = insufficientResources(pod, node, admitted)[0];
  if (shortage !== undefined) {
    return { reason: insufficientResourceReason(shortage), message: insufficientResourceMessage(shortage) };
  }
  if (!matchesNodeAffinity(pod, node))
    return { reason: NODE_AFFINITY_REASON, message: NODE_AFFINITY_MESSAGE };
  if (!matchesNodeName(pod, node)) return { reason: NODE_NAME_REASON, message: NODE_NAME_MESSAGE };
  if (hostPortConflict(pod, admitted)) return { reason: NODE_PORTS_REASON, message: NODE_PORTS_MESSAGE };
  return undefined;
}
