// Services: defaults (type ClusterIP, TCP ports, targetPort = port, session affinity None, external
// traffic policy Cluster for externally accessible services); an update that changes the type drops
// the fields the new type does not use (./type-dependent-fields);
// the cluster IP is allocated by ServiceStore (./service-store) before the strategy runs.
import type { Service, ServicePort } from '@groundkube/api';
import { type ResourceStrategy, keepStatus } from '../../strategy';
import {
  type FieldError,
  forbidden,
  invalidValue,
  notSupported,
  required,
} from '../../validation/field-errors';
import { dropTypeDependentFields, externallyAccessible } from './type-dependent-fields';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const EXTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local'];

type ServiceSpec = NonNullable<Service['spec']> & Record<string, unknown>;

function applyServiceDefaults(service: Service): void {
  const spec = (service.spec ??= {}) as ServiceSpec;
  spec.type ??= 'ClusterIP';
  spec['sessionAffinity'] ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec['internalTrafficPolicy'] ??= 'Cluster';
    spec['ipFamilies'] ??= ['IPv4'];
    spec['ipFamilyPolicy'] ??= 'SingleStack';
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ??= 'Cluster';
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
}

function validateService(service: Service): FieldError[] {
  const errors: FieldError[] = [];
  const spec = service.spec ?? {};
  if (spec.type && !TYPES.includes(spec.type)) errors.push(notSupported('spec.type', spec.type, TYPES));
  const ports: ServicePort[] = spec.ports ?? [];
  if (spec.type !== 'ExternalName' && ports.length === 0 && spec.clusterIP !== 'None') {
    errors.push(required('spec.ports'));
  }
  ports.forEach((port, i) => {
    if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
      errors.push(invalidValue(`spec.ports[${i}].port`, port.port, 'must be between 1 and 65535, inclusive'));
    }
    if (ports.length > 1 && !port.name) errors.push(required(`spec.ports[${i}].name`));
    if (spec.type === 'ClusterIP' && port.nodePort) {
      errors.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  });
  errors.push(...validateExternalTrafficPolicy(spec));
  return errors;
}

function validateExternalTrafficPolicy(spec: NonNullable<Service['spec']>): FieldError[] {
  const policy = spec.externalTrafficPolicy;
  const field = 'spec.externalTrafficPolicy';
  if (!externallyAccessible(spec)) {
    return policy ? [invalidValue(field, policy, 'may only be set for externally-accessible services')] : [];
  }
  if (!policy) return [required(field)];
  return EXTERNAL_TRAFFIC_POLICIES.includes(policy)
    ? []
    : [notSupported(field, policy, EXTERNAL_TRAFFIC_POLICIES)];
}

export const serviceStrategy: ResourceStrategy = {
  namespaced: true,
  allowCreateOnUpdate: true,
  nameRule: 'dns1035',
  tracksGeneration: false,
  prepareForCreate(object) {
    const service = object as Service;
    applyServiceDefaults(service);
    service.status = { loadBalancer: {} };
    return service;
  },
  validate: (object) => validateService(object as Service),
  prepareForUpdate(object, old) {
    const service = keepStatus(object, old) as Service;
    applyServiceDefaults(service);
    dropTypeDependentFields(service, old as Service);
    // The allocated address stays with the service.
    const oldSpec = (old as Service).spec;
    if (service.spec && oldSpec?.clusterIP && !service.spec.clusterIP) {
      service.spec.clusterIP = oldSpec.clusterIP;
      service.spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
    }
    // Node ports are kept and allocated by ServiceStore (./service-store) before this runs.
    return service;
  },
  validateUpdate(object, old) {
    const errors = validateService(object as Service);
    const before = (old as Service).spec?.clusterIP;
    const after = (object as Service).spec?.clusterIP;
    if (before && after !== before)
      errors.push(invalidValue('spec.clusterIPs[0]', after ?? '', 'may not change once set'));
    return errors;
  },
};
