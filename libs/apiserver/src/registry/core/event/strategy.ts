// Events: namespaced notes about other objects; the involved object must live in the event's
// namespace (or be cluster-scoped).
import type { Event } from '@groundkube/api';
import type { ResourceStrategy } from '../../strategy';
import { type FieldError, invalidValue, required } from '../../validation/field-errors';

function validateEvent(event: Event): FieldError[] {
  const errors: FieldError[] = [];
  const involved = event.involvedObject;
  if (!involved) return [required('involvedObject')];
  const namespace = event.metadata.namespace ?? '';
  if (involved.namespace && involved.namespace !== namespace) {
    errors.push(
      invalidValue('involvedObject.namespace', involved.namespace, 'does not match event.namespace'),
    );
  }
  if (event.type && event.type !== 'Normal' && event.type !== 'Warning') {
    errors.push(invalidValue('type', event.type, 'has invalid value: must be Normal or Warning'));
  }
  return errors;
}

export const eventStrategy: ResourceStrategy = {
  namespaced: true,
  // Kubernetes lets event recorders PUT an event that expired meanwhile.
  allowCreateOnUpdate: true,
  nameRule: 'subdomain',
  tracksGeneration: false,
  // Expiry after an hour is EventExpiry's (./expiry), a sweep rather than etcd lease TTLs.
  prepareForCreate: (object) => object,
  validate: (object) => validateEvent(object as Event),
  prepareForUpdate: (object) => object,
  validateUpdate: (object) => validateEvent(object as Event),
};
