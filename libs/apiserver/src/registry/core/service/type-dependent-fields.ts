// Fields that only mean something for some service types. An update that changes the type away
// from one that uses them drops them, but only when the client carried them over unchanged: a
// client that also edited one of them meant it, and validation tells it why it cannot have it.
// Kubernetes does the same in its service strategy (1.32); dropped node ports are free again as
// soon as the update is stored, since allocation reads the stored services (./service-store).
import type { Service } from '@groundkube/api';

type ServiceSpec = NonNullable<Service['spec']>;

/** Types whose ports each hold a node port. */
export function usesNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** Reachable from outside the cluster, so an external traffic policy applies. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return usesNodePorts(spec) || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}

/** A LoadBalancer that keeps external traffic on local endpoints has a health check node port. */
function usesHealthCheckNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function nodePortsOf(spec: ServiceSpec): Set<number> {
  return new Set((spec.ports ?? []).flatMap((port) => (port.nodePort ? [port.nodePort] : [])));
}

/** No node port in `next` that `old` did not already hold: ports may be edited, none added. */
function noNewNodePorts(old: ServiceSpec, next: ServiceSpec): boolean {
  const before = nodePortsOf(old);
  return [...nodePortsOf(next)].every((port) => before.has(port));
}

/** Drops from `next` what its type no longer uses and the client left as `old` had it. */
export function dropTypeDependentFields(next: Service, old: Service): void {
  const spec = next.spec;
  const before = old.spec;
  if (!spec || !before) return;
  if (usesNodePorts(before) && !usesNodePorts(spec) && noNewNodePorts(before, spec)) {
    for (const port of spec.ports ?? []) delete port.nodePort;
  }
  if (
    usesHealthCheckNodePort(before) &&
    !usesHealthCheckNodePort(spec) &&
    spec.healthCheckNodePort === before.healthCheckNodePort
  ) {
    delete spec.healthCheckNodePort;
  }
  if (
    externallyAccessible(before) &&
    !externallyAccessible(spec) &&
    spec.externalTrafficPolicy === before.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
}
