// -o json, -o yaml and -o name. kubectl prints unstructured objects, so keys come out sorted; JSON uses a
// 4-space indent with Go's HTML escaping, YAML is sigs.k8s.io/yaml's style (YAML 1.1 quoting, sequences not
// indented under their key).

import YAML from 'yaml';

import type { KubeObject } from '@groundkube/api';

/** What kubectl prints for several objects: a List of them. */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function printJson(value: unknown): string {
  const text = JSON.stringify(sortKeys(value), null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${text}\n`;
}

export function printYaml(value: unknown): string {
  return YAML.stringify(sortKeys(value), {
    version: '1.1',
    indentSeq: false,
    lineWidth: 0,
    minContentWidth: 0,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: false,
  });
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
