// Nodes: cluster-scoped; the kubelet creates its node with status included, later main-resource
// writes keep the stored status and nodes/status writes only status.
import type { Node } from '@groundkube/api';
import { type ResourceStrategy, keepStatus, statusStrategy } from '../../strategy';
import { type FieldError, invalidValue } from '../../validation/field-errors';

function validateNode(node: Node): FieldError[] {
  const errors: FieldError[] = [];
  (node.spec?.taints ?? []).forEach((taint, i) => {
    const allowed = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
    if (!allowed.includes(taint.effect)) {
      errors.push(
        invalidValue(`spec.taints[${i}].effect`, taint.effect, `must be one of ${allowed.join(', ')}`),
      );
    }
  });
  return errors;
}

export const nodeStrategy: ResourceStrategy = {
  namespaced: false,
  allowCreateOnUpdate: false,
  nameRule: 'subdomain',
  tracksGeneration: false,
  prepareForCreate: (object) => object,
  validate: (object) => validateNode(object as Node),
  prepareForUpdate: (object, old) => keepStatus(object, old),
  validateUpdate: (object) => validateNode(object as Node),
};

export const nodeStatusStrategy: ResourceStrategy = statusStrategy(nodeStrategy);
