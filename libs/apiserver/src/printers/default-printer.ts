// Any resource without its own printer: NAME and CREATED AT (an RFC 3339 date, not an age),
// like the API server's generic table convertor.
import type { KubeObject } from '@groundkube/api';
import { column, type ResourcePrinter } from './resource-printer';

function createdAt(timestamp: string | undefined): string {
  if (!timestamp) return '';
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? '' : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const defaultPrinter: ResourcePrinter = {
  columns: [
    column('Name', 'string', 'Name is unique within a namespace and identifies the object.', {
      format: 'name',
    }),
    column('Created At', 'date', 'When the server created the object (metadata.creationTimestamp).'),
  ],
  cells: (object: KubeObject) => [object.metadata?.name ?? '', createdAt(object.metadata?.creationTimestamp)],
};
