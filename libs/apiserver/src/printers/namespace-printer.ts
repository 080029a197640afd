// Namespaces: NAME STATUS AGE.
import type { Namespace } from '@groundkube/api';
import { timestampSince } from './human-duration';
import { AGE_COLUMN, NAME_COLUMN, column, type PrintContext, type ResourcePrinter } from './resource-printer';

export const namespacePrinter: ResourcePrinter<Namespace> = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  cells: (namespace: Namespace, { now }: PrintContext) => [
    namespace.metadata.name ?? '',
    namespace.status?.phase ?? '',
    timestampSince(namespace.metadata.creationTimestamp, now),
  ],
};
