// Pod validation on create and update, with Kubernetes' field paths and messages.
import { isIP } from 'node:net';
import type { Container, Pod, PodSpec, Probe, Volume } from '@groundkube/api';
import { jsonEqual } from '../../strategy';
import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  invalidValue,
  notFoundValue,
  notSupported,
  path,
  required,
} from '../../validation/field-errors';
import { dns1123LabelProblems } from '../../validation/names';
import { QUANTITY_FORMAT, parseQuantity } from '../../validation/quantity';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function validateEnum(
  errors: FieldError[],
  field: FieldPath,
  value: string | undefined,
  allowed: string[],
): void {
  if (value === undefined) return;
  if (value === '') errors.push(required(String(field)));
  else if (!allowed.includes(value)) errors.push(notSupported(String(field), value, allowed));
}

function validatePort(
  errors: FieldError[],
  field: FieldPath,
  value: number | undefined,
  optional: boolean,
): void {
  if (value === undefined || value === 0) {
    if (!optional) errors.push(required(String(field)));
    return;
  }
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    errors.push(invalidValue(String(field), value, 'must be between 1 and 65535, inclusive'));
  }
}

/** Requests and limits: quantities, not negative, and no request above its limit. */
function validateResources(errors: FieldError[], field: FieldPath, container: Container): void {
  const parsed: Record<'requests' | 'limits', Record<string, number>> = { requests: {}, limits: {} };
  for (const kind of ['limits', 'requests'] as const) {
    for (const [resource, quantity] of Object.entries(container.resources?.[kind] ?? {})) {
      const at = String(field.child(kind).key(resource));
      const value = parseQuantity(String(quantity));
      if (value === undefined) {
        errors.push(
          invalidValue(at, quantity, `quantities must match the regular expression '${QUANTITY_FORMAT}'`),
        );
      } else if (value < 0) {
        errors.push(invalidValue(at, quantity, 'must be greater than or equal to 0'));
      } else {
        parsed[kind][resource] = value;
      }
    }
  }
  for (const [resource, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[resource];
    if (limit !== undefined && request > limit) {
      const limitText = container.resources?.limits?.[resource] ?? '';
      errors.push(
        invalidValue(
          String(field.child('requests')),
          container.resources?.requests?.[resource],
          `must be less than or equal to ${resource} limit of ${limitText}`,
        ),
      );
    }
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function validateProbe(
  errors: FieldError[],
  field: FieldPath,
  probe: Probe | undefined,
  kind: 'liveness' | 'readiness' | 'startup',
): void {
  if (!probe) return;
  const handlers = PROBE_HANDLERS.filter((h) => (probe as Record<string, unknown>)[h] !== undefined);
  if (handlers.length === 0) errors.push(required(String(field), 'must specify a handler type'));
  if (handlers.length > 1) errors.push(forbidden(String(field), 'may not specify more than 1 handler type'));
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    const value = probe[key];
    if (value !== undefined && value < 0)
      errors.push(invalidValue(String(field.child(key)), value, 'must be greater than or equal to 0'));
  }
  // A liveness or startup probe decides on one success: more would only delay the verdict.
  if (kind !== 'readiness' && probe.successThreshold !== undefined && probe.successThreshold !== 1)
    errors.push(invalidValue(String(field.child('successThreshold')), probe.successThreshold, 'must be 1'));
}

const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'projected',
  'downwardAPI',
  'nfs',
  'csi',
  'ephemeral',
  'image',
] as const;

function validateVolumeSource(errors: FieldError[], field: FieldPath, volume: Volume): void {
  const sources = VOLUME_SOURCES.filter(
    (k) => (volume as unknown as Record<string, unknown>)[k] !== undefined,
  );
  if (sources.length === 0) errors.push(required(String(field), 'must specify a volume type'));
  if (sources.length > 1)
    errors.push(forbidden(String(field.child(sources[1] ?? '')), 'may not specify more than 1 volume type'));
  if (volume.hostPath && !volume.hostPath.path)
    errors.push(required(String(field.child('hostPath').child('path'))));
}

function validateContainers(
  errors: FieldError[],
  containers: Container[],
  field: FieldPath,
  volumes: Set<string>,
  seen: Set<string>,
): void {
  containers.forEach((container, i) => {
    const at = field.index(i);
    const name = container.name;
    if (!name) errors.push(required(String(at.child('name'))));
    else {
      for (const p of dns1123LabelProblems(name))
        errors.push(invalidValue(String(at.child('name')), name, p));
      if (seen.has(name)) errors.push(duplicate(String(at.child('name')), name));
      seen.add(name);
    }
    if (!container.image) errors.push(required(String(at.child('image'))));
    validateEnum(errors, at.child('imagePullPolicy'), container.imagePullPolicy, PULL_POLICIES);
    validateEnum(
      errors,
      at.child('terminationMessagePolicy'),
      container.terminationMessagePolicy,
      MESSAGE_POLICIES,
    );
    validateResources(errors, at.child('resources'), container);
    validateProbe(errors, at.child('livenessProbe'), container.livenessProbe, 'liveness');
    validateProbe(errors, at.child('readinessProbe'), container.readinessProbe, 'readiness');
    validateProbe(errors, at.child('startupProbe'), container.startupProbe, 'startup');
    const portNames = new Set<string>();
    (container.ports ?? []).forEach((port, j) => {
      const pat = at.child('ports').index(j);
      validatePort(errors, pat.child('containerPort'), port.containerPort, false);
      validatePort(errors, pat.child('hostPort'), port.hostPort, true);
      validateEnum(errors, pat.child('protocol'), port.protocol, PROTOCOLS);
      if (port.name) {
        if (portNames.has(port.name)) errors.push(duplicate(String(pat.child('name')), port.name));
        portNames.add(port.name);
      }
    });
    (container.env ?? []).forEach((env, j) => {
      if (!env.name) errors.push(required(String(at.child('env').index(j).child('name'))));
    });
    (container.volumeMounts ?? []).forEach((mount, j) => {
      const mat = at.child('volumeMounts').index(j);
      if (!mount.name) errors.push(required(String(mat.child('name'))));
      else if (!volumes.has(mount.name)) errors.push(notFoundValue(String(mat.child('name')), mount.name));
      if (!mount.mountPath) errors.push(required(String(mat.child('mountPath'))));
    });
  });
}

// Go's unicode.IsSpace, which strings.TrimSpace trims (JavaScript's \s differs by U+0085 and U+FEFF).
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const EDGE_SPACE = new RegExp(`^${GO_SPACE}|${GO_SPACE}$`);

/**
 * Images padded with whitespace. Kubernetes checks this for pods only, after the rest of the spec
 * (validateContainersOnlyForPod), so these errors come last.
 */
function validateImagesForPod(
  errors: FieldError[],
  containers: Container[] | undefined,
  field: FieldPath,
): void {
  (containers ?? []).forEach((container, i) => {
    if (container.image && EDGE_SPACE.test(container.image)) {
      const at = String(field.index(i).child('image'));
      errors.push(invalidValue(at, container.image, 'must not have leading or trailing whitespace'));
    }
  });
}

export function validatePodSpec(spec: PodSpec | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const at = path('spec');
  if (!spec) return [required('spec')];

  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((volume, i) => {
    const vat = at.child('volumes').index(i);
    if (!volume.name) errors.push(required(String(vat.child('name'))));
    else {
      for (const p of dns1123LabelProblems(volume.name))
        errors.push(invalidValue(String(vat.child('name')), volume.name, p));
      if (volumes.has(volume.name)) errors.push(duplicate(String(vat.child('name')), volume.name));
      volumes.add(volume.name);
    }
    validateVolumeSource(errors, vat, volume);
  });

  const names = new Set<string>();
  if (!spec.containers || spec.containers.length === 0) errors.push(required('spec.containers'));
  else validateContainers(errors, spec.containers, at.child('containers'), volumes, names);
  if (spec.initContainers)
    validateContainers(errors, spec.initContainers, at.child('initContainers'), volumes, names);

  validateEnum(errors, at.child('restartPolicy'), spec.restartPolicy, RESTART_POLICIES);
  validateEnum(errors, at.child('dnsPolicy'), spec.dnsPolicy, DNS_POLICIES);
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    errors.push(
      invalidValue('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be greater than 0'),
    );
  }
  if (
    spec.terminationGracePeriodSeconds !== undefined &&
    !Number.isInteger(spec.terminationGracePeriodSeconds)
  ) {
    errors.push(
      invalidValue(
        'spec.terminationGracePeriodSeconds',
        spec.terminationGracePeriodSeconds,
        'must be an integer',
      ),
    );
  }
  validateImagesForPod(errors, spec.containers, at.child('containers'));
  validateImagesForPod(errors, spec.initContainers, at.child('initContainers'));
  return errors;
}

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** The spec with every field a pod update may change taken from `from`. */
function withMutableFieldsOf(spec: PodSpec, from: PodSpec): PodSpec {
  const copy = structuredClone(spec);
  copy.containers = copy.containers.map((c, i) => ({ ...c, image: from.containers[i]?.image ?? c.image }));
  if (copy.initContainers) {
    copy.initContainers = copy.initContainers.map((c, i) => ({
      ...c,
      image: from.initContainers?.[i]?.image ?? c.image,
    }));
  }
  setOrDelete(copy, 'activeDeadlineSeconds', from.activeDeadlineSeconds);
  setOrDelete(copy, 'terminationGracePeriodSeconds', from.terminationGracePeriodSeconds);
  setOrDelete(copy, 'tolerations', from.tolerations);
  return copy;
}

function setOrDelete<K extends keyof PodSpec>(spec: PodSpec, key: K, value: PodSpec[K] | undefined): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

/**
 * The top-level spec fields that differ, listed after the message where Kubernetes prints a Go
 * diff of the whole spec (which clients show but do not parse).
 */
function changedFields(a: PodSpec, b: PodSpec): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PodSpec>;
  return [...keys].filter((k) => !jsonEqual(a[k], b[k])).sort();
}

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errors = validatePodSpec(pod.spec);
  if (!pod.spec || !old.spec || errors.length > 0) return errors;

  if (
    pod.spec.containers.length !== old.spec.containers.length ||
    (pod.spec.initContainers?.length ?? 0) !== (old.spec.initContainers?.length ?? 0)
  ) {
    return [forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n  changed: containers`)];
  }
  const comparable = withMutableFieldsOf(pod.spec, old.spec);
  if (!jsonEqual(comparable, old.spec)) {
    const changed = changedFields(comparable, old.spec)
      .map((k) => `spec.${k}`)
      .join(', ');
    errors.push(forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n  changed: ${changed}`));
  }
  // Tolerations may only be added to.
  const before = old.spec.tolerations ?? [];
  const after = pod.spec.tolerations ?? [];
  if (!before.every((t) => after.some((u) => jsonEqual(t, u)))) {
    errors.push(
      forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'),
    );
  }
  return errors;
}

/** pods/status writes: addresses must be IPs, conditions must name their type and status. */
export function validatePodStatus(pod: Pod): FieldError[] {
  const errors: FieldError[] = [];
  const status = pod.status ?? {};
  const checkIP = (field: string, ip: string | undefined): void => {
    if (ip !== undefined && ip !== '' && isIP(ip) === 0)
      errors.push(invalidValue(field, ip, 'must be a valid IP address'));
  };
  checkIP('status.podIP', status.podIP);
  checkIP('status.hostIP', status.hostIP);
  (status.podIPs ?? []).forEach((p, i) => checkIP(`status.podIPs[${i}].ip`, p.ip));
  (status.hostIPs ?? []).forEach((p, i) => checkIP(`status.hostIPs[${i}].ip`, p.ip));
  (status.conditions ?? []).forEach((c, i) => {
    if (!c.type) errors.push(required(`status.conditions[${i}].type`));
    if (!['True', 'False', 'Unknown'].includes(c.status)) {
      errors.push(notSupported(`status.conditions[${i}].status`, c.status, ['False', 'True', 'Unknown']));
    }
  });
  return errors;
}
