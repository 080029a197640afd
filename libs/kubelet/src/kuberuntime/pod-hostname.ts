import type { Pod } from '@groundkube/api';

/** The kernel's limit: 64 bytes with the terminating NUL. sethostname fails (EINVAL) on more. */
export const HOSTNAME_MAX_LENGTH = 63;

/**
 * The hostname the pod's sandbox gets: spec.hostname, else the pod name, cut to 63 characters with any
 * trailing '-' or '.' dropped, as the kubelet's GeneratePodHostNameAndDomain does. A pod name may be a DNS
 * subdomain of up to 253 characters; without the cut such a pod could never get a sandbox.
 */
export function podHostname(pod: Pod): string {
  const hostname = pod.spec?.hostname || pod.metadata.name || '';
  if (hostname.length <= HOSTNAME_MAX_LENGTH) return hostname;
  return hostname.slice(0, HOSTNAME_MAX_LENGTH).replace(/[-.]+$/, '');
}
