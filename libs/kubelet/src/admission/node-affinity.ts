// The kubelet's admission check for node selection: a pod whose nodeSelector or required node affinity this
// node's labels (and name) do not satisfy is rejected, as the scheduler's NodeAffinity filter would have
// refused it. Preferred affinity only ranks nodes for the scheduler and plays no part here.

import type { Node, Pod } from '@groundkube/api';

export const NODE_AFFINITY_REASON = 'NodeAffinity';
/** The predicate's failure as the real kubelet words it (the event's message; the status adds a prefix). */
export const NODE_AFFINITY_MESSAGE =
  "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector";

/** A label (or field) requirement: `key` against `values` by `operator`. */
interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** The part of spec.affinity read here (the API types leave affinity untyped). */
interface RequiredNodeAffinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  };
}

/** An integer as Gt and Lt compare them; undefined for anything else, which then matches neither. */
function integer(text: string | undefined): bigint | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}

function satisfies(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const actual = integer(value);
      const bound = values.length === 1 ? integer(values[0]) : undefined;
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** A term matches when all its requirements hold; an empty term matches no node. */
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const expressions = term.matchExpressions ?? [];
  // metadata.name is the only node field a term may select on.
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((r) => satisfies(r, labels[r.key])) &&
    fields.every((r) => satisfies(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/**
 * Whether `node` satisfies the pod's nodeSelector (every label equal) and its required node affinity (any
 * one of its terms). A pod with neither fits every node.
 */
export function matchesNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[key] !== value) return false;
  }
  const affinity = pod.spec?.affinity as RequiredNodeAffinity | undefined;
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}
