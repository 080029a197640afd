// One predicate from the `labelSelector` and `fieldSelector` query parameters of a list or watch.
import type { KubeObject } from '@groundkube/api';
import { parseFieldSelector } from './field-selector';
import { fieldSetFor, validateFieldSelector, type GroupResource } from './field-sets';
import { parseLabelSelector } from './label-selector';

export interface ListFilterOptions {
  readonly resource: GroupResource;
  /** Raw query value; undefined or '' selects everything. */
  readonly labelSelector?: string | undefined;
  /** Raw query value; undefined or '' selects everything. */
  readonly fieldSelector?: string | undefined;
}

/** Decides whether one object belongs to a list or watch. */
export type ListFilter = (object: KubeObject) => boolean;

/**
 * Parses and validates both selectors once, and returns the predicate to run per object (for list
 * items and for every watch event). Throws LabelSelectorParseError, FieldSelectorParseError or
 * FieldLabelNotSupportedError, all SelectorErrors that the endpoint maps to 400 BadRequest.
 */
export function compileListFilter(options: ListFilterOptions): ListFilter {
  const labels = parseLabelSelector(options.labelSelector ?? '');
  const fields = parseFieldSelector(options.fieldSelector ?? '');
  validateFieldSelector(options.resource, fields);
  if (labels.isEmpty() && fields.isEmpty()) return () => true;
  return (object) =>
    labels.matches(object.metadata?.labels) && fields.matches(fieldSetFor(options.resource, object));
}
