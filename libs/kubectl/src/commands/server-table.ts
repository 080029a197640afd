// The Tables kubectl asks the server for (`as=Table`), and its NAME/AGE fallback for a server that answers
// with plain objects or lists instead.

import type { KubeList, KubeObject, Table } from '@groundkube/api';

import { ageSince } from '../printers/age';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** A Table as is, or the NAME/AGE fallback; `now` dates the AGE column. */
export function asTable(result: Table | KubeList | KubeObject, now: Date): Table {
  if (result.kind === 'Table') return result as Table;
  const items = 'items' in result && Array.isArray(result.items) ? result.items : [result as KubeObject];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: (result as KubeList).metadata?.resourceVersion },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
    ],
    rows: items.map((item) => ({
      cells: [item.metadata.name, ageSince(item.metadata.creationTimestamp, now)],
      object: item,
    })),
  };
}
