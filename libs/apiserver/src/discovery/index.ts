// API discovery: the resource catalogue and the documents clients read to learn it.
export {
  GROUNDKUBE_RESOURCES,
  findResource,
  findResourceByKind,
  groupVersionString,
  groupVersions,
} from './resource-catalogue';
export type {
  ResourceCatalogue,
  ResourceDefinition,
  SubresourceDefinition,
  Verb,
} from './resource-catalogue';
export { AGGREGATED_DISCOVERY_CONTENT_TYPE, buildAggregatedDiscovery } from './aggregated-discovery';
export type {
  AggregatedDiscoveryVersion,
  APIGroupDiscovery,
  APIGroupDiscoveryList,
  APIResourceDiscovery,
  APISubresourceDiscovery,
  APIVersionDiscovery,
  GroupVersionKind,
} from './aggregated-discovery';
export { buildAPIGroup, buildAPIGroupList, buildAPIResourceList, buildAPIVersions } from './legacy-discovery';
export type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions } from './legacy-discovery';
export { discoveryResponse, negotiateDiscovery } from './negotiation';
export type { DiscoveryRepresentation, DiscoveryResponse } from './negotiation';
