// Which discovery representation a client gets for /api and /apis, from its Accept header.
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  buildAggregatedDiscovery,
  type AggregatedDiscoveryVersion,
  type APIGroupDiscoveryList,
} from './aggregated-discovery';
import { buildAPIGroupList, buildAPIVersions, type APIGroupList, type APIVersions } from './legacy-discovery';
import type { ResourceCatalogue } from './resource-catalogue';

export type DiscoveryRepresentation = AggregatedDiscoveryVersion | 'legacy';

interface Range {
  type: string;
  params: Record<string, string>;
}

function ranges(accept: string | undefined): Range[] {
  return (accept ?? '').split(',').flatMap((text) => {
    const [type = '', ...rest] = text.split(';').map((p) => p.trim());
    if (type === '') return [];
    const params: Record<string, string> = {};
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq > 0) params[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
    }
    return [{ type: type.toLowerCase(), params }];
  });
}

/**
 * Picks the representation by the client's order of preference: an aggregated version only when the
 * client names it (`g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`, or v2beta1); otherwise, or for
 * a range we cannot serve, the legacy documents. kubectl 1.30+ lists v2 first; 1.27–1.29 only v2beta1,
 * and sending them v2 makes them see no resources at all.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryRepresentation {
  for (const range of ranges(accept)) {
    const aggregated =
      range.params['g'] === 'apidiscovery.k8s.io' && range.params['as'] === 'APIGroupDiscoveryList';
    if (aggregated && (range.params['v'] === 'v2' || range.params['v'] === 'v2beta1'))
      return range.params['v'];
    if (
      !aggregated &&
      (range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*')
    ) {
      return 'legacy';
    }
  }
  return 'legacy';
}

export interface DiscoveryResponse {
  /** The exact Content-Type header to send. */
  readonly contentType: string;
  readonly body: APIGroupDiscoveryList | APIVersions | APIGroupList;
}

/**
 * The reply to GET /api or GET /apis. Send it with status 200 and `Vary: Accept` (the body differs by
 * Accept). `serverAddress` fills APIVersions.serverAddressByClientCIDRs (legacy /api only).
 */
export function discoveryResponse(
  catalogue: ResourceCatalogue,
  options: { root: '/api' | '/apis'; accept: string | undefined; serverAddress: string },
): DiscoveryResponse {
  const representation = negotiateDiscovery(options.accept);
  if (representation !== 'legacy') {
    return {
      contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE[representation],
      body: buildAggregatedDiscovery(catalogue, { root: options.root, version: representation }),
    };
  }
  const body =
    options.root === '/api'
      ? buildAPIVersions(catalogue, options.serverAddress)
      : buildAPIGroupList(catalogue);
  return { contentType: 'application/json', body };
}
