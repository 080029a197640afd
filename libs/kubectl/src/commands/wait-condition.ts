// What `kubectl wait --for=…` waits for: `delete`, `condition=NAME[=VALUE]`, or `jsonpath=EXPR[=VALUE]`
// (kubectl 1.32: without a value, any value the path finds will do), and the check of one object against it.

import type { KubeObject } from '@groundkube/api';

import { KubectlError, UsageError } from '../errors';
import { JsonPathError, JsonPathTemplate } from '../printers/jsonpath';

export type WaitGoal =
  | { kind: 'delete' }
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'jsonpath'; template: JsonPathTemplate; value: string | undefined };

const FORMAT_HINT = "--for=jsonpath='{.status.readyReplicas}'=3";

export function parseWaitFor(text: string): WaitGoal {
  if (text.toLowerCase() === 'delete') return { kind: 'delete' };
  if (text.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const equals = rest.indexOf('=');
    return equals < 0
      ? { kind: 'condition', type: rest, value: 'true' }
      : { kind: 'condition', type: rest.slice(0, equals), value: rest.slice(equals + 1) };
  }
  if (text.startsWith('jsonpath=')) return parseJsonPathGoal(text.slice('jsonpath='.length));
  throw new UsageError(`unrecognized condition: "${text}"`);
}

function parseJsonPathGoal(input: string): WaitGoal {
  const parts = splitOnSingleEquals(input);
  if (parts.length > 2) {
    throw new UsageError(
      `jsonpath wait format must be ${FORMAT_HINT} or --for=jsonpath='{.status.readyReplicas}'`,
    );
  }
  const expression = relaxedJsonPath(parts[0] ?? '');
  let value: string | undefined;
  if (parts.length === 2) {
    value = (parts[1] ?? '').replace(/^['"]+|['"]+$/g, '');
    if (value === '')
      throw new UsageError(`jsonpath wait has to have a value after equal sign, like ${FORMAT_HINT}`);
  }
  if (expression === '') throw new UsageError('jsonpath expression cannot be empty');
  try {
    return { kind: 'jsonpath', template: new JsonPathTemplate(expression), value };
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    throw new UsageError(err.message, { cause: err });
  }
}

/** Splits on each lone `=`; `==` (inside a filter) stays in its part. */
function splitOnSingleEquals(input: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '=') part += input[i];
    else if (input[i + 1] === '=') {
      part += '==';
      i++;
    } else {
      parts.push(part);
      part = '';
    }
  }
  return [...parts, part];
}

/** `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`, as in kubectl's relaxed JSONPath. */
function relaxedJsonPath(expression: string): string {
  if (expression === '') return '';
  const match = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!match) {
    throw new UsageError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${match[1] ?? match[2] ?? ''}}`;
}

/** Whether `object` meets a condition or jsonpath goal; a path that finds a list, an object or several values is an error. */
export function goalMet(object: KubeObject, goal: Exclude<WaitGoal, { kind: 'delete' }>): boolean {
  return goal.kind === 'condition' ? conditionMet(object, goal) : jsonPathMet(object, goal);
}

function jsonPathMet(object: KubeObject, goal: Extract<WaitGoal, { kind: 'jsonpath' }>): boolean {
  const results = goal.template.findResults(object);
  const first = results[0];
  if (first === undefined || first.length === 0) return false;
  if (results.length > 1) throw new KubectlError('given jsonpath expression matches more than one list');
  if (first.length > 1) throw new KubectlError('given jsonpath expression matches more than one value');
  if (goal.value === undefined) return true;
  const found = first[0];
  if (typeof found === 'object' && found !== null) {
    throw new KubectlError('jsonpath leads to a nested object or list which is not supported');
  }
  return String(found ?? '<nil>').trim() === goal.value.trim();
}

function conditionMet(object: KubeObject, goal: Extract<WaitGoal, { kind: 'condition' }>): boolean {
  const status = (
    object as {
      status?: {
        conditions?: { type: string; status: string; observedGeneration?: number }[];
        observedGeneration?: number;
      };
    }
  ).status;
  const condition = status?.conditions?.find((entry) => entry.type.toLowerCase() === goal.type.toLowerCase());
  if (!condition || condition.status.toLowerCase() !== goal.value.toLowerCase()) return false;
  const generation = object.metadata.generation;
  const observed = condition.observedGeneration ?? status?.observedGeneration;
  return generation === undefined || observed === undefined || observed >= generation;
}
