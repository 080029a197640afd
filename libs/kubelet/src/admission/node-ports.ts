// The kubelet's admission check for host ports: a pod asking for a host port another admitted pod on this
// node holds is rejected, as the scheduler's NodePorts predicate would have refused it.

import type { Pod } from '@groundkube/api';

export const NODE_PORTS_REASON = 'NodePorts';
/** The predicate's failure as the real kubelet words it (the event's message; the status adds a prefix). */
export const NODE_PORTS_MESSAGE =
  "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports";

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      if (!port.hostPort) continue;
      out.push({ ip: port.hostIP || '0.0.0.0', protocol: port.protocol ?? 'TCP', port: port.hostPort });
    }
  }
  return out;
}

/** Two bindings collide on the same protocol and port when either takes every address or both take the same. */
function collide(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === '0.0.0.0' || b.ip === '0.0.0.0' || a.ip === b.ip;
}

/** Whether `pod` asks for a host port one of `admitted` already holds. */
export function hostPortConflict(pod: Pod, admitted: readonly Pod[]): boolean {
  const wanted = hostPorts(pod);
  if (wanted.length === 0) return false;
  return admitted.some(
    (other) =>
      other.metadata.uid !== pod.metadata.uid &&
      hostPorts(other).some((held) => wanted.some((w) => collide(w, held))),
  );
}
