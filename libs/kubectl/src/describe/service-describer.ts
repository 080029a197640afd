// `kubectl describe service`: identity, selector, type, cluster IPs, one block per port (port, target port,
// node port, endpoints), traffic policies and events, in kubectl 1.32's layout. kubectl 1.32 does not print
// spec.trafficDistribution, so neither does this.

import type { Event, LoadBalancerIngress, Service, ServicePort } from '@groundkube/api';

import { DescribeWriter, LEVEL_0, writeMapMultiline } from './describe-writer';
import { formatEndpoints, type EndpointSlice } from './endpoint-slices';
import { writeEvents } from './event-section';

const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function describeService(
  service: Service,
  slices: readonly EndpointSlice[],
  events: Event[] | undefined,
  now: Date,
): string {
  const w = new DescribeWriter();
  const spec = service.spec ?? {};
  w.write(LEVEL_0, `Name:\t${service.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${service.metadata.namespace ?? ''}\n`);
  writeMapMultiline(w, 'Labels', service.metadata.labels, '=');
  writeMapMultiline(w, 'Annotations', service.metadata.annotations, ': ', SKIPPED_ANNOTATIONS);
  w.write(LEVEL_0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);

  if (spec.ipFamilyPolicy !== undefined) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${joinedOrNone(spec.ipFamilies)}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(LEVEL_0, `IPs:\t${joinedOrNone(spec.clusterIPs)}\n`);
  if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress = loadBalancerIngress(service);
  if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${formatIngress(ingress)}\n`);

  for (const port of spec.ports ?? []) writePort(w, port, slices);

  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy)
    w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy !== undefined)
    w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length)
    w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  if (events !== undefined) writeEvents(w, events, now);
  return w.toString();
}

/** Port, TargetPort, NodePort (when allocated) and Endpoints of one service port; `<unset>` for no name. */
function writePort(w: DescribeWriter, port: ServicePort, slices: readonly EndpointSlice[]): void {
  const name = port.name || '<unset>';
  const protocol = port.protocol ?? '';
  w.write(LEVEL_0, `Port:\t${name}\t${port.port}/${protocol}\n`);
  // An absent targetPort is Go's zero IntOrString: the number 0.
  w.write(LEVEL_0, `TargetPort:\t${port.targetPort ?? 0}/${protocol}\n`);
  if (port.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${port.nodePort}/${protocol}\n`);
  w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(slices, port.name ?? '')}\n`);
}

/** `a=1,b=2` in key order, as apimachinery formats a label set; `<none>` when empty. */
function formatSelector(selector: Record<string, string> | undefined): string {
  const keys = Object.keys(selector ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${selector?.[key] ?? ''}`).join(',');
}

function joinedOrNone(values: string[] | undefined): string {
  return values && values.length > 0 ? values.join(',') : '<none>';
}

function loadBalancerIngress(service: Service): LoadBalancerIngress[] {
  const loadBalancer = service.status?.loadBalancer;
  return loadBalancer?.ingress ?? [];
}

/** Each ingress point's IP (with its mode, when set) or else its hostname, comma-separated. */
function formatIngress(ingress: LoadBalancerIngress[]): string {
  return ingress
    .map((point) => {
      if (!point.ip) return point.hostname ?? '';
      return point.ipMode ? `${point.ip} (${point.ipMode})` : point.ip;
    })
    .join(', ');
}
