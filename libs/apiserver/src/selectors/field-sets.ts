// Which fields each resource lets clients select on, and how to read them from an object.
// Mirrors the selectable fields Kubernetes' registries declare per resource.
import type { Event, KubeObject, Namespace, Node, Pod } from '@groundkube/api';
import { FieldLabelNotSupportedError } from './errors';
import type { FieldSelector, FieldSet } from './field-selector';

/** Identifies a resource by API group ('' for core) and plural name. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

type FieldReader = (object: KubeObject) => Record<string, string>;

const str = (value: string | undefined | null): string => value ?? '';

function metadataFields(object: KubeObject): Record<string, string> {
  return {
    'metadata.name': str(object.metadata?.name),
    'metadata.namespace': str(object.metadata?.namespace),
  };
}

function podFields(object: KubeObject): Record<string, string> {
  const pod = object as Pod;
  const firstIP = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
  return {
    'spec.nodeName': str(pod.spec?.nodeName),
    'spec.restartPolicy': str(pod.spec?.restartPolicy),
    'spec.schedulerName': str(pod.spec?.schedulerName),
    'spec.serviceAccountName': str(pod.spec?.serviceAccountName),
    'spec.hostNetwork': String(pod.spec?.hostNetwork === true),
    'status.phase': str(pod.status?.phase),
    'status.podIP': str(firstIP),
    'status.nominatedNodeName': str(pod.status?.nominatedNodeName),
  };
}

function eventFields(object: KubeObject): Record<string, string> {
  const event = object as Event;
  const involved = event.involvedObject ?? {};
  return {
    'involvedObject.kind': str(involved.kind),
    'involvedObject.namespace': str(involved.namespace),
    'involvedObject.name': str(involved.name),
    'involvedObject.uid': str(involved.uid),
    'involvedObject.apiVersion': str(involved.apiVersion),
    'involvedObject.resourceVersion': str(involved.resourceVersion),
    'involvedObject.fieldPath': str(involved.fieldPath),
    reason: str(event.reason),
    reportingComponent: str(event.reportingComponent),
    // `source` is the source component, or the reporting controller for events.k8s.io-style events.
    source: str(event.source?.component) || str(event.reportingComponent),
    type: str(event.type),
  };
}

function nodeFields(object: KubeObject): Record<string, string> {
  return { 'spec.unschedulable': String((object as Node).spec?.unschedulable === true) };
}

function namespaceFields(object: KubeObject): Record<string, string> {
  return { 'status.phase': str((object as Namespace).status?.phase) };
}

const READERS: Readonly<Record<string, FieldReader>> = {
  '/pods': podFields,
  '/events': eventFields,
  '/nodes': nodeFields,
  '/namespaces': namespaceFields,
};

function readerFor(resource: GroupResource): FieldReader | undefined {
  return READERS[`${resource.group}/${resource.resource}`];
}

/** The selectable fields of `object` as a resource of kind `resource`; missing fields read as ''. */
export function fieldSetFor(resource: GroupResource, object: KubeObject): FieldSet {
  const extra = readerFor(resource);
  return { ...metadataFields(object), ...(extra ? extra(object) : {}) };
}

/** Names of the fields `resource` supports in field selectors. */
export function supportedFieldLabels(resource: GroupResource): string[] {
  const sample: KubeObject = { metadata: {} };
  return Object.keys(fieldSetFor(resource, sample));
}

/** Throws FieldLabelNotSupportedError for the first term naming a field `resource` does not support. */
export function validateFieldSelector(resource: GroupResource, selector: FieldSelector): void {
  const supported = new Set(supportedFieldLabels(resource));
  for (const requirement of selector.requirements) {
    if (!supported.has(requirement.field)) throw new FieldLabelNotSupportedError(requirement.field);
  }
}
