// components.schemas of a group-version document, built from the kinds' field schemas. kubectl
// reads them in two places: `kubectl explain` finds the schema whose x-kubernetes-group-version-kind
// lists the kind and prints its descriptions and field types, following `$ref`s; client-side apply
// builds its strategic-merge patch from them (x-kubernetes-patch-merge-key/-strategy, the same
// strategies the server merges with), falling back to its compiled-in types when a field is missing.
// The shape follows Kubernetes' own v3 output: a named struct becomes a component of its own,
// referenced as `allOf: [{$ref}]` so that the field's description can sit beside the reference.
import { KIND_SCHEMAS, type FieldSchema } from '../fieldschema';
import { mergeSchemaFor, type ListStrategy } from '../patch/merge-schema';
import { DESCRIPTIONS } from './field-descriptions';

export interface SchemaObject {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  additionalProperties?: SchemaObject;
  allOf?: SchemaObject[];
  $ref?: string;
  default?: unknown;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
  oneOf?: SchemaObject[];
}

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * The two scalar types that take a number or a string, as Kubernetes serves them: without a
 * `type`, so that explain names them (`<IntOrString>`, `map[string]Quantity`).
 */
const SHARED_SCALARS: Readonly<Record<string, SchemaObject>> = {
  [INT_OR_STRING]: {
    description: 'Either an integer or a string, such as a port given by number or by name.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  },
  [QUANTITY]: {
    description:
      'A fixed-point amount with an optional suffix: 250m (a quarter), 1.5, 64Mi, 2Gi, 1e3. ' +
      'Serialized as a string.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
};

/** Unchecked scalars (by description key) that are IntOrString or Quantity, or a plain int32. */
const SCALAR_TYPES: Readonly<Record<string, string | SchemaObject>> = {
  'Probe.httpGet.port': INT_OR_STRING,
  'Probe.tcpSocket.port': INT_OR_STRING,
  'ServiceSpec.ports.targetPort': INT_OR_STRING,
  'Probe.grpc.port': { type: 'integer', format: 'int32' },
  'ServiceSpec.ports.port': { type: 'integer', format: 'int32' },
  'ResourceRequirements.limits': QUANTITY,
  'ResourceRequirements.requests': QUANTITY,
  'PodSpec.overhead': QUANTITY,
  'NodeStatus.capacity': QUANTITY,
  'NodeStatus.allocatable': QUANTITY,
  'ContainerStatus.allocatedResources': QUANTITY,
  'Volume.emptyDir.sizeLimit': QUANTITY,
  'EnvVar.valueFrom.resourceFieldRef.divisor': QUANTITY,
};

/** The Go package of the structs that are not core/v1, for their component names. */
const PACKAGES: Readonly<Record<string, string>> = {
  ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  OwnerReference: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  Lease: 'io.k8s.api.coordination.v1',
  LeaseSpec: 'io.k8s.api.coordination.v1',
  Eviction: 'io.k8s.api.policy.v1',
  DeleteOptions: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  Preconditions: 'io.k8s.apimachinery.pkg.apis.meta.v1',
};

/** Fields Kubernetes marks required, by struct (explain prints `-required-`). */
const REQUIRED: Readonly<Record<string, string[]>> = {
  PodSpec: ['containers'],
  Container: ['name'],
  EphemeralContainer: ['name'],
  ContainerPort: ['containerPort'],
  VolumeMount: ['name', 'mountPath'],
  Volume: ['name'],
  EnvVar: ['name'],
  OwnerReference: ['apiVersion', 'kind', 'name', 'uid'],
  ContainerStatus: ['name', 'ready', 'restartCount', 'image', 'imageID'],
  Binding: ['target'],
  Event: ['metadata', 'involvedObject'],
};

// The field schemas leave most status scalars unchecked ('scalar'); these are their JSON types.
const INTEGERS = new Set([
  'restartCount',
  'exitCode',
  'signal',
  'count',
  'sizeBytes',
  'Port',
  'observedGeneration',
  'leaseDurationSeconds',
  'leaseTransitions',
  'healthCheckNodePort',
  'nodePort',
]);
const BOOLEANS = new Set([
  'ready',
  'started',
  'unschedulable',
  'optional',
  'publishNotReadyAddresses',
  'allocateLoadBalancerNodePorts',
]);
const TIMES = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'startTime',
  'startedAt',
  'finishedAt',
  'lastProbeTime',
  'lastTransitionTime',
  'lastHeartbeatTime',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'acquireTime',
  'renewTime',
  'timeAdded',
]);

function groupVersion(k: { group: string; version: string }): string {
  return k.group === '' ? k.version : `${k.group}/${k.version}`;
}

/** The component name of a struct: `io.k8s.api.core.v1.PodSpec`. */
export function componentName(struct: string): string {
  return `${PACKAGES[struct] ?? 'io.k8s.api.core.v1'}.${struct}`;
}

function scalarSchema(field: string, type: Exclude<FieldSchema, object | 'any'>): SchemaObject {
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'int32':
    case 'int64':
      return { type: 'integer', format: type };
    case 'bool':
      return { type: 'boolean' };
    case 'quantity':
      return { type: 'string' };
    case 'scalar':
      if (INTEGERS.has(field)) return { type: 'integer' };
      if (BOOLEANS.has(field)) return { type: 'boolean' };
      if (TIMES.has(field)) return { type: 'string', format: 'date-time' };
      return { type: 'string' };
  }
}

function listExtensions(strategy: ListStrategy | undefined): Partial<SchemaObject> {
  if (strategy === undefined) return {};
  const merge = strategy.retainKeys === true ? 'merge,retainKeys' : 'merge';
  return strategy.mergeKey === undefined
    ? { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': merge }
    : {
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': [strategy.mergeKey],
        'x-kubernetes-patch-merge-key': strategy.mergeKey,
        'x-kubernetes-patch-strategy': merge,
      };
}

interface Position {
  /** Path from the kind's root, lists transparent, as the merge schemas key it (`spec.containers`). */
  readonly path: string;
  /** Description key: the innermost named struct and the fields below it (`Container.resources`). */
  readonly key: string;
  /** The last field name, for typing unchecked scalars. */
  readonly field: string;
}

/** Builds the components of one group-version, sharing structs between kinds. */
class ComponentBuilder {
  readonly schemas: Record<string, SchemaObject> = {};

  constructor(private readonly merge: Readonly<Record<string, ListStrategy>>) {}

  addKind(kind: string, group: string, version: string, schema: FieldSchema): void {
    if (typeof schema !== 'object' || !('fields' in schema)) return;
    const component = this.objectSchema(schema.fields, kind, '');
    this.schemas[componentName(kind)] = {
      ...component,
      'x-kubernetes-group-version-kind': [{ group, version, kind }],
    };
  }

  private objectSchema(
    fields: Readonly<Record<string, FieldSchema>>,
    key: string,
    path: string,
  ): SchemaObject {
    const properties: Record<string, SchemaObject> = {};
    for (const name of Object.keys(fields).sort()) {
      const at: Position = {
        path: path === '' ? name : `${path}.${name}`,
        key: `${key}.${name}`,
        field: name,
      };
      properties[name] = this.property(fields[name]!, at);
    }
    const struct = key.includes('.') ? undefined : key;
    return {
      type: 'object',
      ...describe(key),
      properties,
      ...(struct !== undefined && REQUIRED[struct] ? { required: REQUIRED[struct] } : {}),
    };
  }

  /** The schema of a field, with its description and, for lists, its merge strategy. */
  private property(schema: FieldSchema, at: Position): SchemaObject {
    const described = describe(at.key);
    if (typeof schema === 'object' && 'list' in schema) {
      return {
        type: 'array',
        ...described,
        items: this.value(schema.list, at),
        ...listExtensions(this.merge[at.path]),
      };
    }
    return { ...this.value(schema, at), ...described };
  }

  /** A value's schema: a reference for named structs, else inline. List elements keep the list's position. */
  private value(schema: FieldSchema, at: Position): SchemaObject {
    if (schema === 'any') {
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    if (typeof schema === 'string') {
      const special = SCALAR_TYPES[at.key];
      if (typeof special === 'object') return special;
      if (special === undefined) return scalarSchema(at.field, schema);
      this.schemas[special] = SHARED_SCALARS[special]!;
      return { allOf: [{ $ref: `#/components/schemas/${special}` }] };
    }
    if ('list' in schema) return { type: 'array', items: this.value(schema.list, at) };
    if ('map' in schema) return { type: 'object', additionalProperties: this.value(schema.map, at) };
    if (schema.goStruct === undefined) {
      const inline = this.objectSchema(schema.fields, at.key, at.path);
      delete inline.description; // the field's description is the one to show
      return inline;
    }
    const name = componentName(schema.goStruct);
    if (this.schemas[name] === undefined) {
      this.schemas[name] = {}; // reserve first: a struct may (indirectly) contain itself
      this.schemas[name] = this.objectSchema(schema.fields, schema.goStruct, at.path);
    }
    return { allOf: [{ $ref: `#/components/schemas/${name}` }], default: {} };
  }
}

function describe(key: string): { description?: string } {
  const text = DESCRIPTIONS[key];
  return text === undefined ? {} : { description: text };
}

/** A kind a document's operations take or return; a subresource's may be of another group (Eviction). */
export interface DocumentKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * The components.schemas of a group-version document: one schema per kind (with its
 * x-kubernetes-group-version-kind) and one per named struct the kinds use.
 */
export function componentSchemas(kinds: readonly DocumentKind[]): Record<string, SchemaObject> {
  const all: Record<string, SchemaObject> = {};
  const byKey = new Map(kinds.map((k) => [`${groupVersion(k)}/${k.kind}`, k]));
  for (const key of [...byKey.keys()].sort()) {
    const { group, version, kind } = byKey.get(key)!;
    const schema = KIND_SCHEMAS[key];
    if (schema === undefined) continue;
    const builder = new ComponentBuilder(mergeSchemaFor(groupVersion({ group, version }), kind));
    builder.addKind(kind, group, version, schema);
    Object.assign(all, builder.schemas);
  }
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
