// Leases (coordination.k8s.io): NAME HOLDER AGE.
import type { Lease } from '@groundkube/api';
import { timestampSince } from './human-duration';
import { AGE_COLUMN, NAME_COLUMN, column, type PrintContext, type ResourcePrinter } from './resource-printer';

export const leasePrinter: ResourcePrinter<Lease> = {
  columns: [
    NAME_COLUMN,
    column('Holder', 'string', 'The identity of the current holder of the lease.'),
    AGE_COLUMN,
  ],
  cells: (lease: Lease, { now }: PrintContext) => [
    lease.metadata.name ?? '',
    lease.spec?.holderIdentity ?? '<unknown>',
    timestampSince(lease.metadata.creationTimestamp, now),
  ],
};
