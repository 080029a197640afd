// `kubectl describe pod`: the pod's identity, status, containers, conditions, volumes, QoS, scheduling hints and
// events, in kubectl's layout.

import type {
  Container,
  ContainerState,
  ContainerStatus,
  Event,
  Pod,
  Probe,
  Toleration,
  Volume,
} from '@groundkube/api';

import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, formatRfc1123Z, writeMapMultiline } from './describe-writer';
import { writeEvents } from './event-section';
import { ageSince } from '../printers/age';

const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function describePod(pod: Pod, events: Event[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${pod.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  const priority = (spec as { priority?: number }).priority;
  if (priority !== undefined) w.write(LEVEL_0, `Priority:\t${priority}\n`);
  const priorityClass = (spec as { priorityClassName?: string }).priorityClassName;
  if (priorityClass) w.write(LEVEL_0, `Priority Class Name:\t${priorityClass}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRfc1123Z(status.startTime)}\n`);
  writeMapMultiline(w, 'Labels', pod.metadata.labels, '=');
  writeMapMultiline(w, 'Annotations', pod.metadata.annotations, ': ', SKIPPED_ANNOTATIONS);
  if (pod.metadata.deletionTimestamp) {
    // The deletion timestamp is when the grace period ends, so while it runs kubectl prints `<invalid>`.
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${ageSince(pod.metadata.deletionTimestamp, now)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  const podIPs = status.podIPs ?? [];
  if (podIPs.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller);
  if (owner) w.write(LEVEL_0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers && spec.initContainers.length > 0) {
    writeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses ?? [], pod);
  }
  writeContainers(w, 'Containers', spec.containers, status.containerStatuses ?? [], pod);
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const condition of status.conditions) w.write(LEVEL_1, `${condition.type} \t${condition.status} \n`);
  }
  writeVolumes(w, spec.volumes ?? []);
  w.write(LEVEL_0, `QoS Class:\t${status.qosClass ?? qosClass(pod)}\n`);
  writeMapMultiline(w, 'Node-Selectors', spec.nodeSelector, '=');
  writeTolerations(w, spec.tolerations ?? []);
  if (events !== undefined) writeEvents(w, events, now);
  return w.toString();
}

function writeContainers(
  w: DescribeWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[],
  pod: Pod,
): void {
  if (containers.length === 0) {
    w.write(LEVEL_0, `${label}:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${label}:\n`);
  for (const container of containers) {
    const status = statuses.find((entry) => entry.name === container.name);
    w.write(LEVEL_1, `${container.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = container.ports ?? [];
    const portText = ports.length === 0 ? '<none>' : ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(LEVEL_2, `${portText.includes(',') ? 'Ports' : 'Port'}:\t${portText}\n`);
    const hostText = ports.length === 0 ? '<none>' : ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(LEVEL_2, `${hostText.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hostText}\n`);
    if (container.command && container.command.length > 0) {
      w.write(LEVEL_2, 'Command:\n');
      for (const part of container.command) w.write(LEVEL_3, `${part}\n`);
    }
    if (container.args && container.args.length > 0) {
      w.write(LEVEL_2, 'Args:\n');
      for (const part of container.args) w.write(LEVEL_3, `${part}\n`);
    }
    if (status) {
      writeState(w, 'State', status.state);
      if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    writeResources(w, 'Limits', container.resources?.limits);
    writeResources(w, 'Requests', container.resources?.requests);
    writeProbe(w, 'Liveness', container.livenessProbe);
    writeProbe(w, 'Readiness', container.readinessProbe);
    writeProbe(w, 'Startup', container.startupProbe);
    writeEnv(w, container, pod);
    const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
    w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const mount of mounts) {
      const flags = [mount.readOnly ? 'ro' : 'rw'];
      if (mount.subPath) flags.push(`path=${JSON.stringify(mount.subPath)}`);
      w.write(LEVEL_3, `${mount.mountPath} from ${mount.name} (${flags.join(',')})\n`);
    }
  }
}

function writeState(w: DescribeWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatRfc1123Z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const terminated = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (terminated.reason) w.write(LEVEL_3, `Reason:\t${terminated.reason}\n`);
    if (terminated.message) w.write(LEVEL_3, `Message:\t${terminated.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${terminated.exitCode}\n`);
    if ((terminated.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${terminated.signal ?? 0}\n`);
    w.write(LEVEL_3, `Started:\t${formatRfc1123Z(terminated.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatRfc1123Z(terminated.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function writeResources(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const keys = Object.keys(list ?? {}).sort();
  if (keys.length === 0) return;
  w.write(LEVEL_2, `${title}:\n`);
  for (const key of keys) w.write(LEVEL_3, `${key}:\t${list?.[key] ?? ''}\n`);
}

function writeProbe(w: DescribeWriter, title: string, probe: Probe | undefined): void {
  if (!probe) return;
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  let action = 'unknown';
  if (probe.exec) action = `exec [${(probe.exec.command ?? []).join(' ')}]`;
  else if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    action = `http-get ${scheme}://${probe.httpGet.host ?? ''}:${probe.httpGet.port}${probe.httpGet.path ?? ''}`;
  } else if (probe.tcpSocket) action = `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port}`;
  w.write(LEVEL_2, `${title}:\t${action} ${attrs}\n`);
}

function writeEnv(w: DescribeWriter, container: Container, pod: Pod): void {
  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const variable of env) {
    const from = variable.valueFrom;
    if (!from) {
      (variable.value ?? '').split('\n').forEach((line, index) => {
        w.write(LEVEL_3, index === 0 ? `${variable.name}:\t${line}\n` : `\t${line}\n`);
      });
    } else if (from.fieldRef) {
      const value = fieldPathValue(pod, from.fieldRef.fieldPath);
      w.write(LEVEL_3, `${variable.name}:\t${value} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.secretKeyRef) {
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${from.secretKeyRef.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`,
      );
    } else if (from.resourceFieldRef) {
      w.write(LEVEL_3, `${variable.name}:\t${from.resourceFieldRef.resource}\n`);
    }
  }
}

function fieldPathValue(pod: Pod, path: string): string {
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
  };
  return values[path] ?? '';
}

function writeVolumes(w: DescribeWriter, volumes: Volume[]): void {
  if (volumes.length === 0) {
    w.write(LEVEL_0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volumes:\n');
  for (const volume of volumes) {
    w.write(LEVEL_1, `${volume.name}:\n`);
    if (volume.hostPath) {
      w.write(LEVEL_2, 'Type:\tHostPath (bare host directory volume)\n');
      w.write(LEVEL_2, `Path:\t${volume.hostPath.path}\n`);
      w.write(LEVEL_2, `HostPathType:\t${volume.hostPath.type ?? ''}\n`);
    } else if (volume.emptyDir) {
      w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(LEVEL_2, `Medium:\t${volume.emptyDir.medium ?? ''}\n`);
      w.write(LEVEL_2, `SizeLimit:\t${volume.emptyDir.sizeLimit ?? '<unset>'}\n`);
    } else {
      w.write(LEVEL_2, '<unknown>\n');
    }
  }
}

function writeTolerations(w: DescribeWriter, tolerations: Toleration[]): void {
  if (tolerations.length === 0) {
    w.write(LEVEL_0, 'Tolerations:\t<none>\n');
    return;
  }
  tolerations.forEach((toleration, index) => {
    let text = index === 0 ? 'Tolerations:\t' : '\t';
    text += toleration.key ?? '';
    if (toleration.value) text += `=${toleration.value}`;
    if (toleration.effect) text += `:${toleration.effect}`;
    if (toleration.operator === 'Exists' && !toleration.value) text += toleration.key ? ' op=Exists' : 'op=Exists';
    if (toleration.tolerationSeconds !== undefined) text += ` for ${toleration.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** The QoS class the server would compute, for servers that do not set status.qosClass. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const any = containers.some(
    (c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0,
  );
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && (requests[r] ?? limits[r]) === limits[r]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
