// -o json, -o yaml and -o name. kubectl prints unstructured objects, so keys come out sorted; JSON uses a
// 4-space indent with Go's HTML escaping, YAML is sigs.k8s.io/yaml's style (YAML 1.1 quoting, sequences not
// indented under their key).

import YAML from 'yaml';

import type { KubeObject } from '@groundkube/api';

/** What kubectl prints for several objects: a List of them. */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * `keepOrder`: print keys in the order given (kubectl's typed objects, e.g. a kubeconfig, follow Go struct
 * order). `compact`: one line, as kubectl prints watch events.
 */
export function printJson(value: unknown, options: { keepOrder?: boolean; compact?: boolean } = {}): string {
  const ordered = options.keepOrder === true ? value : sortKeys(value);
  const text = JSON.stringify(ordered, null, options.compact === true ? undefined : 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${text}\n`;
}

export function printYaml(value: unknown): string {
  const document = new YAML.Document(sortKeys(value));
  YAML.visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && goYamlReadsAsNonString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({
    indentSeq: false,
    lineWidth: 0,
    minContentWidth: 0,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: true,
  });
}

// Strings that kubectl's YAML encoder (go-yaml v2, YAML 1.1 rules) would read back as something else are
// written double-quoted: nulls, booleans (yes/no/on/off too), integers (0x, 0o, 0b, underscores), floats,
// base-60 numbers and timestamps. Strings quoted only for syntax (`a: b`, `- x`, a leading space) get single
// quotes, which the library's singleQuote option gives.
const GO_YAML_NON_STRINGS = new Set(
  [
    '',
    '~',
    'null',
    'y',
    'yes',
    'n',
    'no',
    'true',
    'false',
    'on',
    'off',
    '.inf',
    '-.inf',
    '+.inf',
    '.nan',
  ].flatMap((word) => [word, word.toUpperCase(), word.replace(/[a-z]/, (c) => c.toUpperCase())]),
);
const GO_YAML_NUMBER = [
  /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/,
  /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?)?$/,
];

function goYamlReadsAsNonString(text: string): boolean {
  return GO_YAML_NON_STRINGS.has(text) || GO_YAML_NUMBER.some((pattern) => pattern.test(text));
}

/** `pod/nginx`; for other groups `kind.group/name`, kind lower-cased. */
export function objectName(object: KubeObject): string {
  return `${kindGroupOf(object)}/${object.metadata.name ?? ''}`;
}

/** `pod`, or `lease.coordination.k8s.io`. */
export function kindGroupOf(object: { kind?: string | undefined; apiVersion?: string | undefined }): string {
  const kind = (object.kind ?? '').toLowerCase();
  const apiVersion = object.apiVersion ?? 'v1';
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? `${kind}.${apiVersion.slice(0, slash)}` : kind;
}

/** A deep copy with object keys in sorted order (what Go's map-based JSON encoding gives). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
