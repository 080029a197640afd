// Services: the generic store plus allocation: on create a cluster IP from the service range and,
// for NodePort and LoadBalancer services, a node port per port from the node port range; on update
// a node port for each port that lacks one (a service turned NodePort, a port added). Nothing is
// released explicitly: what a stored service no longer holds is free.
import type { KubeObject, Service } from '@groundkube/api';
import { type ApiError, internalError, invalid } from '../../api-errors';
import { listAll } from '../../generic/list-pages';
import { GenericStore, type GenericStoreOptions } from '../../generic/store';
import type { ObjectUpdater, RequestContext, UpdateResult, WriteRequest } from '../../rest';
import { toApiError } from '../../storage-errors';
import { invalidValue, toStatusCause } from '../../validation/field-errors';
import { pickFreeIP, type ServiceCIDR } from './cluster-ip';
import { usesNodePorts } from './type-dependent-fields';

/** Kubernetes' --service-node-port-range default. */
export const DEFAULT_NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

export interface ServiceStoreOptions extends GenericStoreOptions {
  readonly clusterIPRange: ServiceCIDR;
  readonly nodePortRange?: { readonly first: number; readonly last: number };
}

interface Allocated {
  readonly ips: Set<string>;
  readonly nodePorts: Set<number>;
}

export class ServiceStore extends GenericStore {
  private readonly range: ServiceCIDR;
  private readonly nodePorts: { readonly first: number; readonly last: number };
  private readonly services: GenericStoreOptions['storage'];

  constructor(options: ServiceStoreOptions) {
    super(options);
    this.range = options.clusterIPRange;
    this.nodePorts = options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
    this.services = options.storage;
  }

  override async create(ctx: RequestContext, input: KubeObject, request: WriteRequest): Promise<KubeObject> {
    const service = structuredClone(input) as Service;
    const spec = (service.spec ??= {});
    const name = service.metadata?.name ?? '';
    const allocated = await this.allocated(ctx.signal);
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      this.assignClusterIP(name, spec, allocated);
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    }
    if (usesNodePorts(spec)) this.assignNodePorts(name, spec, allocated.nodePorts);
    return super.create(ctx, service, request);
  }

  override async update(
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult> {
    const allocated = await this.allocated(ctx.signal);
    const allocating: ObjectUpdater = async (live) => {
      const next = await updater(live);
      // Without a live service this is a create, which allocates for itself.
      if (live === undefined) return next;
      const service = structuredClone(next) as Service;
      const spec = service.spec;
      if (!spec || !usesNodePorts(spec)) return service;
      const oldSpec = (live as Service).spec ?? {};
      keepAllocatedNodePorts(spec, oldSpec);
      const own = new Set((oldSpec.ports ?? []).map((port) => port.nodePort));
      const others = new Set([...allocated.nodePorts].filter((port) => !own.has(port)));
      this.assignNodePorts(name, spec, others, own);
      return service;
    };
    return super.update(ctx, name, allocating, request);
  }

  private assignClusterIP(name: string, spec: NonNullable<Service['spec']>, allocated: Allocated): void {
    if (spec.clusterIP) {
      const ip = spec.clusterIP;
      const fail = (why: string): ApiError =>
        invalidField(name, 'spec.clusterIPs', [ip], `failed to allocate IP ${ip}: ${why}`);
      if (!this.range.contains(ip)) {
        throw fail(
          `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.range.cidr}`,
        );
      }
      if (allocated.ips.has(ip)) throw fail('provided IP is already allocated');
    } else {
      const ip = pickFreeIP(this.range, allocated.ips);
      if (!ip) throw internalError('failed to allocate a serviceIP: range is full');
      spec.clusterIP = ip;
    }
    spec.clusterIPs = [spec.clusterIP];
  }

  /**
   * Gives every port of `spec` a node port: an asked-for one is checked against the range and
   * against `taken` (unless the service already `holds` it), a missing one is drawn free.
   */
  private assignNodePorts(
    name: string,
    spec: NonNullable<Service['spec']>,
    taken: Set<number>,
    holds: ReadonlySet<number | undefined> = new Set(),
  ): void {
    const { first, last } = this.nodePorts;
    (spec.ports ?? []).forEach((port, i) => {
      const field = `spec.ports[${i}].nodePort`;
      if (port.nodePort && holds.has(port.nodePort)) {
        taken.add(port.nodePort);
      } else if (port.nodePort) {
        if (port.nodePort < first || port.nodePort > last) {
          throw invalidField(
            name,
            field,
            port.nodePort,
            `provided port is not in the valid range. The range of valid ports is ${first}-${last}`,
          );
        }
        if (taken.has(port.nodePort))
          throw invalidField(name, field, port.nodePort, 'provided port is already allocated');
      } else {
        const free = pickFreePort(first, last, new Set([...taken, ...holds].filter((p) => p !== undefined)));
        if (free === undefined) throw internalError('failed to allocate a nodePort: range is full');
        port.nodePort = free;
      }
      taken.add(port.nodePort);
    });
  }

  /** Cluster IPs and node ports held by stored services. */
  private async allocated(signal: AbortSignal): Promise<Allocated> {
    try {
      const all = await listAll(this.services, '/registry/services/', undefined, signal);
      const ips = new Set<string>();
      const nodePorts = new Set<number>();
      for (const item of all.items as Service[]) {
        for (const ip of item.spec?.clusterIPs ?? (item.spec?.clusterIP ? [item.spec.clusterIP] : []))
          ips.add(ip);
        for (const port of item.spec?.ports ?? []) if (port.nodePort) nodePorts.add(port.nodePort);
      }
      return { ips, nodePorts };
    } catch (err) {
      throw toApiError(err, { group: '', resource: 'services' });
    }
  }
}

/**
 * A port the client sent without a node port keeps the one it had (matched by port number and
 * protocol), as clients that replace a whole service do not know the allocated values.
 */
function keepAllocatedNodePorts(spec: NonNullable<Service['spec']>, old: NonNullable<Service['spec']>): void {
  const used = new Set((spec.ports ?? []).map((port) => port.nodePort));
  for (const port of spec.ports ?? []) {
    if (port.nodePort) continue;
    const before = (old.ports ?? []).find(
      (p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
    );
    if (before?.nodePort && !used.has(before.nodePort)) {
      port.nodePort = before.nodePort;
      used.add(before.nodePort);
    }
  }
}

function invalidField(name: string, field: string, value: unknown, detail: string): ApiError {
  return invalid('Service', '', name, [toStatusCause(invalidValue(field, value, detail))]);
}

/** A random free port in [first, last], then the first free one in order. */
export function pickFreePort(
  first: number,
  last: number,
  used: ReadonlySet<number>,
  random: () => number = Math.random,
): number | undefined {
  const span = last - first + 1;
  for (let attempt = 0; attempt < 16; attempt++) {
    const candidate = first + Math.floor(random() * span);
    if (!used.has(candidate)) return candidate;
  }
  for (let port = first; port <= last; port++) if (!used.has(port)) return port;
  return undefined;
}
