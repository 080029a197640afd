// Strategic-merge metadata: which lists of which kinds merge element-wise, and by what key. Every
// list not named here is atomic (a patch replaces it whole), which is also Kubernetes' default.
// Paths are field names from the object root joined with '.', list elements being transparent
// (`spec.containers.ports` is the ports list of every container).

export interface ListStrategy {
  /** Field identifying an element of a list of objects; absent for a merged list of primitives (a set). */
  readonly mergeKey?: string;
  /** When true, `$retainKeys` may be sent for the elements (Kubernetes' "merge,retainKeys"). */
  readonly retainKeys?: boolean;
}

export type MergeSchema = Readonly<Record<string, ListStrategy>>;

const METADATA: MergeSchema = {
  'metadata.ownerReferences': { mergeKey: 'uid' },
  'metadata.finalizers': {},
};

function containerLists(prefix: string): MergeSchema {
  return {
    [prefix]: { mergeKey: 'name' },
    [`${prefix}.ports`]: { mergeKey: 'containerPort' },
    [`${prefix}.env`]: { mergeKey: 'name' },
    [`${prefix}.volumeMounts`]: { mergeKey: 'mountPath' },
    [`${prefix}.volumeDevices`]: { mergeKey: 'devicePath' },
  };
}

const POD: MergeSchema = {
  ...METADATA,
  ...containerLists('spec.containers'),
  ...containerLists('spec.initContainers'),
  ...containerLists('spec.ephemeralContainers'),
  'spec.volumes': { mergeKey: 'name', retainKeys: true },
  'spec.imagePullSecrets': { mergeKey: 'name' },
  'spec.hostAliases': { mergeKey: 'ip' },
  'spec.topologySpreadConstraints': { mergeKey: 'topologyKey' },
  'spec.schedulingGates': { mergeKey: 'name' },
  'spec.resourceClaims': { mergeKey: 'name', retainKeys: true },
  'status.conditions': { mergeKey: 'type' },
  'status.podIPs': { mergeKey: 'ip' },
  'status.hostIPs': { mergeKey: 'ip' },
};

const NODE: MergeSchema = {
  ...METADATA,
  'status.conditions': { mergeKey: 'type' },
  'status.addresses': { mergeKey: 'type' },
};

const NAMESPACE: MergeSchema = { ...METADATA, 'status.conditions': { mergeKey: 'type' } };

const SERVICE: MergeSchema = { ...METADATA, 'spec.ports': { mergeKey: 'port' } };

const SCHEMAS: Readonly<Record<string, MergeSchema>> = {
  'v1/Pod': POD,
  'v1/Node': NODE,
  'v1/Namespace': NAMESPACE,
  'v1/Service': SERVICE,
  'v1/Event': METADATA,
  'coordination.k8s.io/v1/Lease': METADATA,
};

/**
 * The merge schema of a kind by apiVersion and kind. Unknown kinds get the metadata lists only, so
 * their other lists are replaced as a JSON merge patch would.
 */
export function mergeSchemaFor(apiVersion: string, kind: string): MergeSchema {
  return SCHEMAS[`${apiVersion}/${kind}`] ?? METADATA;
}

/** True when the kind has a strategic-merge schema of its own (the real server refuses SMP otherwise). */
export function hasMergeSchema(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in SCHEMAS;
}
