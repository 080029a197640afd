// Services: the generic store plus cluster IP allocation on create.
import type { KubeObject, Service } from '@groundkube/api';
import { internalError, invalid } from '../../api-errors';
import { listAll } from '../../generic/list-pages';
import { GenericStore, type GenericStoreOptions } from '../../generic/store';
import type { RequestContext, WriteRequest } from '../../rest';
import { toApiError } from '../../storage-errors';
import { invalidValue, toStatusCause } from '../../validation/field-errors';
import { pickFreeIP, type ServiceCIDR } from './cluster-ip';

export interface ServiceStoreOptions extends GenericStoreOptions {
  readonly clusterIPRange: ServiceCIDR;
}

export class ServiceStore extends GenericStore {
  private readonly range: ServiceCIDR;
  private readonly services: GenericStoreOptions['storage'];

  constructor(options: ServiceStoreOptions) {
    super(options);
    this.range = options.clusterIPRange;
    this.services = options.storage;
  }

  override async create(ctx: RequestContext, input: KubeObject, request: WriteRequest): Promise<KubeObject> {
    const service = structuredClone(input) as Service;
    const spec = (service.spec ??= {});
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      const used = await this.usedIPs(ctx.signal);
      const name = service.metadata?.name ?? '';
      const fail = (ip: string, why: string) =>
        invalid('Service', '', name, [toStatusCause(invalidValue('spec.clusterIPs', [ip], `failed to allocate IP ${ip}: ${why}`))]);
      if (spec.clusterIP) {
        if (!this.range.contains(spec.clusterIP)) {
          throw fail(spec.clusterIP, `the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.range.cidr}`);
        }
        if (used.has(spec.clusterIP)) throw fail(spec.clusterIP, 'provided IP is already allocated');
      } else {
        const ip = pickFreeIP(this.range, used);
        if (!ip) throw internalError('failed to allocate a serviceIP: range is full');
        spec.clusterIP = ip;
      }
      spec.clusterIPs = [spec.clusterIP];
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    }
    return super.create(ctx, service, request);
  }

  private async usedIPs(signal: AbortSignal): Promise<Set<string>> {
    try {
      const all = await listAll(this.services, '/registry/services/', undefined, signal);
      const used = new Set<string>();
      for (const item of all.items as Service[]) {
        for (const ip of item.spec?.clusterIPs ?? (item.spec?.clusterIP ? [item.spec.clusterIP] : [])) used.add(ip);
      }
      return used;
    } catch (err) {
      throw toApiError(err, { group: '', resource: 'services' });
    }
  }
}
