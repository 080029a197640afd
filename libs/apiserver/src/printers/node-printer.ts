// Nodes: NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME].
import type { Node, NodeAddress } from '@groundkube/api';
import { timestampSince } from './human-duration';
import { AGE_COLUMN, NAME_COLUMN, column, type PrintContext, type ResourcePrinter } from './resource-printer';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** "Ready", "NotReady" or "Unknown" (no Ready condition), plus ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the legacy `kubernetes.io/role` value. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX) && key.length > ROLE_LABEL_PREFIX.length) {
      roles.add(key.slice(ROLE_LABEL_PREFIX.length));
    } else if (key === LEGACY_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function firstAddress(node: Node, type: NodeAddress['type']): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: ResourcePrinter<Node> = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'string', 'The kubelet version the node reports (status.nodeInfo.kubeletVersion).'),
    column('Internal-IP', 'string', 'The first InternalIP among the node addresses.', { priority: 1 }),
    column('External-IP', 'string', 'The first ExternalIP among the node addresses.', { priority: 1 }),
    column('OS-Image', 'string', 'The OS image the node reports (/etc/os-release PRETTY_NAME).', {
      priority: 1,
    }),
    column('Kernel-Version', 'string', 'The kernel version the node reports (uname -r).', { priority: 1 }),
    column('Container-Runtime', 'string', 'The container runtime name and version (runtime://version).', {
      priority: 1,
    }),
  ],
  cells(node: Node, { now }: PrintContext): unknown[] {
    const info = node.status?.nodeInfo;
    const roles = nodeRoles(node);
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles.length > 0 ? roles.join(',') : '<none>',
      timestampSince(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      firstAddress(node, 'InternalIP'),
      firstAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
