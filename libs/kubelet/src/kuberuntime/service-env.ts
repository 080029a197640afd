// Service environment variables: the Docker-links-style names the kubelet puts into every container, so a
// process can find the services of its namespace (and the API server) without DNS.

import type { Pod, Service } from '@groundkube/api';

import { ContainerConfigError } from './container-config-error';

/**
 * The kubelet's read-only view of the cluster's services (all namespaces), e.g. a Service informer's cache.
 */
export interface ServiceLister {
  /** False until the first list from the API server arrived. */
  hasSynced(): boolean;
  list(): readonly Service[];
}

/**
 * Services whose variables every pod gets, from the `default` namespace, even with enableServiceLinks false.
 */
const MASTER_SERVICES: ReadonlySet<string> = new Set(['kubernetes']);
const MASTER_SERVICES_NAMESPACE = 'default';

/**
 * Headless services (clusterIP "None") and those without an address yet (or ExternalName) get no variables.
 */
export function hasClusterIP(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/** `my-svc` → `MY_SVC`: the prefix of a service's variables. */
export function serviceEnvPrefix(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The variables of the given services, in order: per service `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`
 * (its
 * first port) and `_SERVICE_PORT_<PORTNAME>` for each named port, then the Docker link variables:
 * `<NAME>_PORT`
 * for the first port, and `<NAME>_PORT_<port>_<PROTO>` with `_PROTO`, `_PORT`, `_ADDR` for every port.
 */
export function envVarsFromServices(services: readonly Service[]): [string, string][] {
  const vars: [string, string][] = [];
  for (const service of services) {
    const ports = service.spec?.ports ?? [];
    // Validation gives every ClusterIP service at least one port; a portless one has nothing to advertise.
    if (!hasClusterIP(service) || ports.length === 0) continue;
    const ip = service.spec?.clusterIP ?? '';
    const prefix = serviceEnvPrefix(service.metadata.name ?? '');

    vars.push([`${prefix}_SERVICE_HOST`, ip]);
    vars.push([`${prefix}_SERVICE_PORT`, String(ports[0]?.port)]);
    for (const port of ports) {
      if (port.name) vars.push([`${prefix}_SERVICE_PORT_${serviceEnvPrefix(port.name)}`, String(port.port)]);
    }

    ports.forEach((port, i) => {
      const protocol = port.protocol ?? 'TCP';
      const url = `${protocol.toLowerCase()}://${hostPort(ip, port.port)}`;
      // Docker's links name the first port's URL without a port number.
      if (i === 0) vars.push([`${prefix}_PORT`, url]);
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      vars.push([portPrefix, url]);
      vars.push([`${portPrefix}_PROTO`, protocol.toLowerCase()]);
      vars.push([`${portPrefix}_PORT`, String(port.port)]);
      vars.push([`${portPrefix}_ADDR`, ip]);
    });
  }
  return vars;
}

/**
 * The service variables of a pod in `namespace`: the master services of `default` always, and when
 * enableServiceLinks, every service of the pod's own namespace (which wins over a master service of the same
 * name). Services are taken in name order, so the result does not depend on the cache's order.
 */
export function serviceEnvVarMap(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const chosen = new Map<string, Service>();
  for (const service of services) {
    if (!hasClusterIP(service)) continue;
    const name = service.metadata.name ?? '';
    const serviceNamespace = service.metadata.namespace ?? 'default';
    if (serviceNamespace === MASTER_SERVICES_NAMESPACE && MASTER_SERVICES.has(name)) {
      if (!chosen.has(name)) chosen.set(name, service);
    } else if (serviceNamespace === namespace && enableServiceLinks) {
      chosen.set(name, service);
    }
  }
  const names = [...chosen.keys()].sort();
  return new Map(envVarsFromServices(names.map((name) => chosen.get(name)!)));
}

/**
 * The service variables for a pod's containers. Without a lister (a kubelet with no API server) there are
 * none. Before the first list has arrived, throws ContainerConfigError (CreateContainerConfigError; a later
 * sync retries), so a pod started right after a kubelet restart does not miss KUBERNETES_SERVICE_HOST.
 */
export function podServiceEnvironment(lister: ServiceLister | undefined, pod: Pod): Map<string, string> {
  if (lister === undefined) return new Map();
  if (!lister.hasSynced()) {
    throw new ContainerConfigError('services have not yet been read at least once, cannot construct envvars');
  }
  // The API server defaults enableServiceLinks to true; a pod built without it (tests) gets the default.
  const enableServiceLinks = pod.spec?.enableServiceLinks ?? true;
  return serviceEnvVarMap(lister.list(), pod.metadata.namespace ?? 'default', enableServiceLinks);
}
