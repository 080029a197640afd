// coordination.k8s.io/v1: leases, which kubelets renew as their heartbeat.
import type { KubeList, KubeObject } from '../../meta/v1/types';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export type LeaseList = KubeList<Lease>;
