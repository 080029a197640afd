// `kubectl config set|unset PROPERTY`: a dotted path into a kubeconfig. The named lists (clusters, users,
// contexts) are addressed by entry name, as client-go's maps are: `clusters.NAME.server`,
// `users.NAME.token`, `contexts.NAME.namespace`, `current-context`. Only these simple paths are supported.

import type { KubeConfigFile } from './kubeconfig';
import { KubectlError } from '../errors';

type Section = 'clusters' | 'users' | 'contexts';

const ENTRY_FIELD: Record<Section, 'cluster' | 'user' | 'context'> = {
  clusters: 'cluster',
  users: 'user',
  contexts: 'context',
};

// Fields client-go types as booleans; everything else set here is a string.
const BOOLEAN_FIELDS = new Set(['insecure-skip-tls-verify', 'disable-compression']);

type ParsedPath =
  { kind: 'current-context' } | { kind: 'entry'; section: Section; name: string; field: string | undefined };

/** kubectl's parse error for a path that leads nowhere in api.Config. */
export class PropertyPathError extends KubectlError {
  override readonly code = 'KUBECTL_CONFIG_PROPERTY_PATH';

  constructor(path: string) {
    super(`unable to parse ${path} after [] at api.Config`);
  }
}

function parsePath(path: string): ParsedPath {
  if (path === 'current-context') return { kind: 'current-context' };
  const [section, name, ...rest] = path.split('.');
  if ((section !== 'clusters' && section !== 'users' && section !== 'contexts') || !name) {
    throw new PropertyPathError(path);
  }
  return { kind: 'entry', section, name, field: rest.length > 0 ? rest.join('.') : undefined };
}

/** Sets `path` to `value` in `doc`, creating the named entry when it is missing. */
export function setProperty(doc: KubeConfigFile, path: string, value: string): void {
  const parsed = parsePath(path);
  if (parsed.kind === 'current-context') {
    doc['current-context'] = value;
    return;
  }
  if (parsed.field === undefined) throw new PropertyPathError(path);
  const fields = entryFields(doc, parsed.section, parsed.name, true) ?? {};
  fields[parsed.field] = BOOLEAN_FIELDS.has(parsed.field) ? value === 'true' : value;
}

/** Removes `path` from `doc`: a whole named entry, one of its fields, or the current context. */
export function unsetProperty(doc: KubeConfigFile, path: string): void {
  const parsed = parsePath(path);
  if (parsed.kind === 'current-context') {
    delete doc['current-context'];
    return;
  }
  if (parsed.field === undefined) {
    const list = (doc[parsed.section] ?? []) as { name: string }[];
    doc[parsed.section] = list.filter((entry) => entry.name !== parsed.name) as never;
    return;
  }
  const fields = entryFields(doc, parsed.section, parsed.name, false);
  if (fields) delete fields[parsed.field];
}

function entryFields(
  doc: KubeConfigFile,
  section: Section,
  name: string,
  create: boolean,
): Record<string, unknown> | undefined {
  const list = ((doc[section] as { name: string }[] | undefined) ??= []) as Record<string, unknown>[];
  let entry = list.find((candidate) => candidate['name'] === name);
  if (!entry) {
    if (!create) return undefined;
    entry = { name, [ENTRY_FIELD[section]]: {} };
    list.push(entry);
  }
  const key = ENTRY_FIELD[section];
  entry[key] ??= {};
  return entry[key] as Record<string, unknown>;
}
