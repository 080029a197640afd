// Pods: defaults and a fresh Pending status on create, a spec that is mostly immutable, status
// written only through pods/status, and graceful deletion once a pod is bound to a node.
import type { DeleteOptions, KubeObject, Pod } from '@groundkube/api';
import { type ResourceStrategy, keepStatus, statusStrategy } from '../../strategy';
import { applyPodDefaults, podQosClass } from './defaults';
import { validatePodSpec, validatePodStatus, validatePodUpdate } from './validation';

/** Kubernetes' grace when neither the request nor the pod names one. */
export const DEFAULT_POD_GRACE_SECONDS = 30;

export const podStrategy: ResourceStrategy = {
  namespaced: true,
  allowCreateOnUpdate: false,
  nameRule: 'subdomain',
  // Kubernetes 1.33+ keeps a pod generation (PodObservedGenerationTracking); 1.32 clients ignore it.
  tracksGeneration: true,

  prepareForCreate(object) {
    const pod = object as Pod;
    applyPodDefaults(pod);
    pod.status = { phase: 'Pending', qosClass: podQosClass(pod) };
    return pod;
  },

  validate: (object) => validatePodSpec((object as Pod).spec),

  prepareForUpdate(object, old) {
    const pod = keepStatus(object, old) as Pod;
    applyPodDefaults(pod);
    return pod;
  },

  validateUpdate: (object, old) => validatePodUpdate(object as Pod, old as Pod),

  gracePeriodSeconds(live: KubeObject, options: DeleteOptions): number | undefined {
    const pod = live as Pod;
    // Nothing runs an unbound or finished pod: there is nobody to wait for.
    if (!pod.spec?.nodeName) return undefined;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return undefined;
    let grace =
      options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
    // Kubernetes turns a negative grace into the shortest real one.
    if (grace < 0) grace = 1;
    return grace === 0 ? undefined : grace;
  },
};

export const podStatusStrategy: ResourceStrategy = statusStrategy(podStrategy, (object) =>
  validatePodStatus(object as Pod),
);
