// coordination.k8s.io/v1 leases: namespaced heartbeats (kubelets in kube-node-lease).
import type { Lease } from '@groundkube/api';
import type { ResourceStrategy } from '../../strategy';
import { type FieldError, invalidValue } from '../../validation/field-errors';

function validateLease(lease: Lease): FieldError[] {
  const errors: FieldError[] = [];
  const duration = lease.spec?.leaseDurationSeconds;
  if (duration !== undefined && duration <= 0) {
    errors.push(invalidValue('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  }
  const transitions = lease.spec?.leaseTransitions;
  if (transitions !== undefined && transitions < 0) {
    errors.push(invalidValue('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  }
  return errors;
}

export const leaseStrategy: ResourceStrategy = {
  namespaced: true,
  allowCreateOnUpdate: true,
  nameRule: 'subdomain',
  tracksGeneration: false,
  prepareForCreate: (object) => object,
  validate: (object) => validateLease(object as Lease),
  prepareForUpdate: (object) => object,
  validateUpdate: (object) => validateLease(object as Lease),
};
