// Pod defaults as the API server applies them on create (core/v1 defaulting plus the priority
// admission plugin's priority 0), so a stored pod reads like one from Kubernetes.
import type { Container, Pod, Probe } from '@groundkube/api';
import { parseQuantity } from '../../validation/quantity';

/** `:latest` or no tag pulls every time; any other tag or a digest pulls only when missing. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}

function defaultContainer(container: Container): void {
  container.imagePullPolicy ??= defaultPullPolicy(container.image);
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  // Limits without requests request what they limit.
  const limits = container.resources.limits;
  if (limits && Object.keys(limits).length > 0) {
    const requests = (container.resources.requests ??= {});
    for (const [resource, quantity] of Object.entries(limits)) requests[resource] ??= quantity;
  }
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  for (const env of container.env ?? []) {
    if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
}

export function applyPodDefaults(pod: Pod): void {
  if (!pod.spec) return;
  const spec = pod.spec;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  // The priority admission plugin: no priorityClassName means priority 0.
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  // TODO(#3): serviceAccountName "default" and the not-ready/unreachable tolerations come from
  // admission plugins that need a service account controller; not set until one exists.
  for (const volume of spec.volumes ?? []) {
    if (volume.hostPath) volume.hostPath.type ??= '';
  }
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const container of spec.containers ?? []) defaultContainer(container);
}

/** Quality of service from requests and limits, as the kubelet and scheduler read it. */
export function podQosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (limit === undefined || request === undefined || !sameQuantity(request, limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** "1" and "1000m" are the same amount. */
function sameQuantity(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x !== undefined && y !== undefined && Math.abs(x - y) <= Math.abs(x) * 1e-12;
}
