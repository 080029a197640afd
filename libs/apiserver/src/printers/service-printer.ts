// Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR].
import type { Service } from '@groundkube/api';
import { timestampSince } from './human-duration';
import { AGE_COLUMN, NAME_COLUMN, column, type PrintContext, type ResourcePrinter } from './resource-printer';

interface ServiceExtras {
  externalIPs?: string[];
  externalName?: string;
}

interface LoadBalancerStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
}

function externalIP(service: Service): string {
  const spec = (service.spec ?? {}) as NonNullable<Service['spec']> & ServiceExtras;
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = ((service.status ?? {}) as LoadBalancerStatus).loadBalancer?.ingress ?? [];
      const balancers = [
        ...new Set(ingress.map((i) => i.ip || i.hostname || '').filter((s) => s !== '')),
      ].sort();
      const all = [...balancers, ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
}

function ports(service: Service): string {
  const text = (service.spec?.ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
  return text === '' ? '<none>' : text;
}

function selector(service: Service): string {
  const entries = Object.entries(service.spec?.selector ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

export const servicePrinter: ResourcePrinter<Service> = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.',
    ),
    column('Cluster-IP', 'string', 'The virtual IP allocated to the service inside the cluster.'),
    column('External-IP', 'string', 'Addresses outside the cluster that also route to the service.'),
    column('Port(s)', 'string', 'The ports the service exposes.'),
    AGE_COLUMN,
    column('Selector', 'string', 'Pods with these labels receive the service traffic.', { priority: 1 }),
  ],
  cells: (service: Service, { now }: PrintContext) => [
    service.metadata.name ?? '',
    service.spec?.type ?? '',
    service.spec?.clusterIPs?.[0] || service.spec?.clusterIP || '<none>',
    externalIP(service),
    ports(service),
    timestampSince(service.metadata.creationTimestamp, now),
    selector(service),
  ],
};
