// The EndpointSlices of a Service, as `kubectl describe service` finds them (by the
// kubernetes.io/service-name
// label) and sums them up on its `Endpoints:` lines: ready addresses with the port, at most three, then a
// count.

import type { KubeObject } from '@groundkube/api';
import { StatusError, type GroupVersionResource } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';

/** The fields of a discovery.k8s.io/v1 EndpointSlice that describe reads. */
export interface EndpointSlice extends KubeObject {
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean | null } }[];
  ports?: { name?: string | null; port?: number | null }[] | null;
}

const ENDPOINT_SLICES: GroupVersionResource = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  namespaced: true,
};

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** How many addresses one `Endpoints:` line lists before it says how many more there are. */
const LISTED_ADDRESSES = 3;

/**
 * The slices of service `name`. kubectl ignores a failed list, so a server that does not serve EndpointSlices
 * (groundkube's API server serves none) gives an empty list, which describe prints as `<none>`.
 */
export async function fetchEndpointSlices(
  ctx: CommandContext,
  namespace: string,
  name: string,
): Promise<EndpointSlice[]> {
  try {
    const list = await ctx.client.list<EndpointSlice>(
      { resource: ENDPOINT_SLICES, namespace },
      { labelSelector: `${SERVICE_NAME_LABEL}=${name}`, signal: ctx.io.signal },
    );
    return list.items;
  } catch (err) {
    if (err instanceof StatusError) return [];
    throw err;
  }
}

/**
 * One service port's `Endpoints:` value: `<none>` without slices; else the ready endpoints' first addresses
 * joined to the port of every slice port named `portName` (a slice without ports lists bare addresses).
 * kubectl decides that the list is full before it skips an endpoint that is not ready, and counts only ready
 * ones; both quirks are kept so that the `+ N more...` tail matches.
 */
export function formatEndpoints(slices: readonly EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const listed: string[] = [];
  let full = false;
  let ready = 0;
  const take = (address: string): void => {
    if (!full) listed.push(address);
    ready++;
  };
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const ports = slice.ports ?? [];
    if (ports.length === 0) {
      for (const endpoint of endpoints) {
        if (listed.length === LISTED_ADDRESSES) full = true;
        if (isReady(endpoint)) take(endpoint.addresses[0] ?? '');
      }
      continue;
    }
    for (const port of ports.filter((entry) => (entry.name ?? '') === portName)) {
      for (const endpoint of endpoints) {
        if (listed.length === LISTED_ADDRESSES) full = true;
        if (isReady(endpoint)) take(joinHostPort(endpoint.addresses[0] ?? '', port.port ?? 0));
      }
    }
  }
  const text = listed.join(',');
  return full ? `${text} + ${ready - LISTED_ADDRESSES} more...` : text;
}

/** An endpoint whose readiness is unknown counts as ready. */
function isReady(endpoint: NonNullable<EndpointSlice['endpoints']>[number]): boolean {
  return endpoint.conditions?.ready !== false;
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
