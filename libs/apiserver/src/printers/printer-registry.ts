// Which printer renders which resource.
import type { KubeObject } from '@groundkube/api';
import { defaultPrinter } from './default-printer';
import { eventPrinter } from './event-printer';
import { leasePrinter } from './lease-printer';
import { namespacePrinter } from './namespace-printer';
import { nodePrinter } from './node-printer';
import { podPrinter } from './pod-printer';
import type { ResourcePrinter } from './resource-printer';
import { servicePrinter } from './service-printer';

/** A resource by API group ('' for core) and plural name. */
export interface PrintedResource {
  readonly group: string;
  readonly resource: string;
}

const PRINTERS: Readonly<Record<string, ResourcePrinter>> = {
  '/pods': podPrinter as ResourcePrinter,
  '/nodes': nodePrinter as ResourcePrinter,
  '/events': eventPrinter as ResourcePrinter,
  '/namespaces': namespacePrinter as ResourcePrinter,
  '/services': servicePrinter as ResourcePrinter,
  'coordination.k8s.io/leases': leasePrinter as ResourcePrinter,
};

/** The printer for `resource`, or the NAME/CREATED AT default for resources without one. */
export function printerFor(resource: PrintedResource): ResourcePrinter<KubeObject> {
  return PRINTERS[`${resource.group}/${resource.resource}`] ?? defaultPrinter;
}
