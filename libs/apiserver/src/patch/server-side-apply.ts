// Server-side apply (`application/apply-patch+yaml`), simplified: the applied configuration is
// merged over the live object with strategic-merge list semantics; fields this manager applied last
// time and no longer applies are removed unless another manager's entry also lists them; the
// manager's Apply entry in metadata.managedFields is replaced by the new field set.
// TODO(#3): conflicts with other managers (409 unless force=true) are not detected; Update
// operations are not recorded here, so ownership only knows Apply managers plus whatever entries
// the registry records itself.
import type { KubeObject, ManagedFieldsEntry } from '@groundkube/api';
import { parse as parseYaml } from 'yaml';
import { PatchMalformedError } from './errors';
import { cloneJson, isObject, type JsonObject } from './json-values';
import { deleteField, fieldSetOf, hasField, removedFields, type FieldsV1 } from './managed-fields';
import { mergeSchemaFor } from './merge-schema';
import { applyStrategicMergePatch } from './strategic-merge-patch';

export interface ServerSideApplyOptions {
  /** The stored object, or undefined when it does not exist yet (the apply then creates it). */
  readonly live: KubeObject | undefined;
  /** The request body: YAML or JSON text, or an already parsed value. */
  readonly body: string | unknown;
  /** The `fieldManager` query parameter; required for apply. */
  readonly fieldManager: string | undefined;
  /** What the URL addresses: the configuration must agree with it. */
  readonly target: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  };
  /** Timestamp of the managedFields entry (injected clock). */
  readonly now: Date;
}

export interface ServerSideApplyResult {
  /** The object to store (create when `created`, update otherwise). Server-set fields are the registry's job. */
  readonly object: KubeObject;
  readonly created: boolean;
}

/** Parses an apply body (YAML is a superset of the JSON kubectl sends). Throws PatchMalformedError. */
export function parseApplyBody(body: string | unknown): JsonObject {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = parseYaml(body) as unknown;
    } catch (error) {
      throw new PatchMalformedError(`error decoding YAML: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!isObject(value)) throw new PatchMalformedError('an apply patch must be a YAML or JSON object');
  return value;
}

function validateConfiguration(config: JsonObject, options: ServerSideApplyOptions): void {
  if (!options.fieldManager) {
    throw new PatchMalformedError('fieldManager: Required value: is required for apply patch');
  }
  const { target } = options;
  if (config['apiVersion'] !== target.apiVersion || config['kind'] !== target.kind) {
    throw new PatchMalformedError(
      `the apply configuration is ${String(config['apiVersion'])}, Kind=${String(config['kind'])}, ` +
        `but the request is for ${target.apiVersion}, Kind=${target.kind}`,
    );
  }
  const metadata = config['metadata'];
  if (!isObject(metadata))
    throw new PatchMalformedError('metadata: Required value: an apply configuration needs metadata');
  if (metadata['managedFields'] !== undefined && metadata['managedFields'] !== null) {
    throw new PatchMalformedError('metadata.managedFields must be nil');
  }
  if (metadata['name'] !== undefined && metadata['name'] !== target.name) {
    throw new PatchMalformedError(
      `the name of the object (${String(metadata['name'])}) does not match the name on the URL (${target.name})`,
    );
  }
  const namespace = metadata['namespace'];
  if (namespace !== undefined && target.namespace !== undefined && namespace !== target.namespace) {
    throw new PatchMalformedError(
      `the namespace of the object (${String(namespace)}) does not match the namespace on the request (${target.namespace})`,
    );
  }
}

function applyEntry(manager: string, apiVersion: string, fields: FieldsV1, now: Date): ManagedFieldsEntry {
  return {
    manager,
    operation: 'Apply',
    apiVersion,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
}

/**
 * Applies a configuration. Throws PatchMalformedError (400) for an unparseable body, a missing
 * fieldManager, or a configuration that disagrees with the URL; PatchNotApplicableError (422) when
 * its lists cannot merge.
 */
export function serverSideApply(options: ServerSideApplyOptions): ServerSideApplyResult {
  const config = parseApplyBody(options.body);
  validateConfiguration(config, options);
  const manager = options.fieldManager!;
  const { apiVersion, kind, name, namespace } = options.target;
  const schema = mergeSchemaFor(apiVersion, kind);
  const fields = fieldSetOf(config, schema);
  const entry = applyEntry(manager, apiVersion, fields, options.now);

  if (options.live === undefined) {
    const object = cloneJson(config) as unknown as KubeObject;
    object.metadata = {
      ...object.metadata,
      name,
      ...(namespace ? { namespace } : {}),
      managedFields: [entry],
    };
    return { object, created: true };
  }

  const entries = options.live.metadata.managedFields ?? [];
  const mine = (e: ManagedFieldsEntry) => e.manager === manager && e.operation === 'Apply' && !e.subresource;
  const others = entries.filter((e) => !mine(e));
  const previous = entries.find(mine)?.fieldsV1 as FieldsV1 | undefined;

  const merged = applyStrategicMergePatch(options.live, config, schema) as unknown as JsonObject;
  if (previous !== undefined) {
    for (const path of removedFields(previous, fields)) {
      if (!others.some((e) => hasField(e.fieldsV1 as FieldsV1 | undefined, path))) deleteField(merged, path);
    }
  }
  const object = merged as unknown as KubeObject;
  object.metadata = { ...object.metadata, managedFields: [...others, entry] };
  return { object, created: false };
}
