// Field descriptions of the kinds groundkube serves (core/v1 Pod, Node, Namespace, Event, Service;
// coordination.k8s.io/v1 Lease; policy/v1 Eviction) and their nested types, following the Kubernetes
// 1.32 API. Rarely used sub-structures are opaque so that valid manifests are never refused for fields
// we do not model.
import {
  bool,
  int32,
  int64,
  listOf,
  mapOf,
  object,
  opaque,
  quantity,
  scalar,
  scalars,
  str,
  type FieldSchema,
} from './field-schema';

const strings = listOf(scalar);
const stringMap = mapOf(scalar);
/** A ResourceList: resource names to quantities. */
const resourceList = mapOf(quantity);
// Typed where a Go decoder would refuse the wrong JSON type (ObjectMeta and Pod so far).
const typedStrings = listOf(str);
const typedStringMap = mapOf(str);

export const OBJECT_META = object(
  {
    name: str,
    generateName: str,
    namespace: str,
    selfLink: str,
    uid: str,
    resourceVersion: str,
    generation: int64,
    creationTimestamp: scalar,
    deletionTimestamp: scalar,
    deletionGracePeriodSeconds: int64,
    labels: typedStringMap,
    annotations: typedStringMap,
    ownerReferences: listOf(
      object(
        { apiVersion: str, kind: str, name: str, uid: str, controller: bool, blockOwnerDeletion: bool },
        'OwnerReference',
      ),
    ),
    finalizers: typedStrings,
    managedFields: listOf(opaque),
  },
  'ObjectMeta',
);

const KEY_REF = scalars('name', 'key', 'optional');
const ENV_VAR = object(
  {
    name: str,
    value: str,
    valueFrom: object({
      fieldRef: scalars('apiVersion', 'fieldPath'),
      resourceFieldRef: object({ containerName: scalar, resource: scalar, divisor: quantity }),
      configMapKeyRef: KEY_REF,
      secretKeyRef: KEY_REF,
    }),
  },
  'EnvVar',
);

const PROBE = object(
  {
    exec: object({ command: strings }),
    httpGet: object({
      path: scalar,
      port: scalar,
      host: scalar,
      scheme: scalar,
      httpHeaders: listOf(scalars('name', 'value')),
    }),
    tcpSocket: scalars('port', 'host'),
    grpc: scalars('port', 'service'),
    initialDelaySeconds: int32,
    timeoutSeconds: int32,
    periodSeconds: int32,
    successThreshold: int32,
    failureThreshold: int32,
    terminationGracePeriodSeconds: int64,
  },
  'Probe',
);

const CONTAINER_FIELDS = {
  name: str,
  image: str,
  command: typedStrings,
  args: typedStrings,
  workingDir: str,
  ports: listOf(
    object({ name: str, hostPort: int32, containerPort: int32, protocol: str, hostIP: str }, 'ContainerPort'),
  ),
  envFrom: listOf(
    object({
      prefix: scalar,
      configMapRef: scalars('name', 'optional'),
      secretRef: scalars('name', 'optional'),
    }),
  ),
  env: listOf(ENV_VAR),
  resources: object(
    { limits: resourceList, requests: resourceList, claims: listOf(opaque) },
    'ResourceRequirements',
  ),
  resizePolicy: listOf(scalars('resourceName', 'restartPolicy')),
  restartPolicy: str,
  volumeMounts: listOf(
    object(
      {
        name: str,
        readOnly: bool,
        recursiveReadOnly: str,
        mountPath: str,
        subPath: str,
        mountPropagation: str,
        subPathExpr: str,
      },
      'VolumeMount',
    ),
  ),
  volumeDevices: listOf(scalars('name', 'devicePath')),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  lifecycle: opaque,
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext: opaque,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
} satisfies Record<string, FieldSchema>;

export const CONTAINER = object(CONTAINER_FIELDS, 'Container');
const EPHEMERAL_CONTAINER = object({ ...CONTAINER_FIELDS, targetContainerName: str }, 'EphemeralContainer');

// Every volume source Kubernetes knows; the two groundkube implements are described in full.
const OTHER_VOLUME_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

export const VOLUME = object(
  {
    name: str,
    hostPath: scalars('path', 'type'),
    emptyDir: object({ medium: scalar, sizeLimit: quantity }),
    ...Object.fromEntries(OTHER_VOLUME_SOURCES.map((source) => [source, opaque])),
  },
  'Volume',
);

const POD_SPEC = object(
  {
    volumes: listOf(VOLUME),
    initContainers: listOf(CONTAINER),
    containers: listOf(CONTAINER),
    ephemeralContainers: listOf(EPHEMERAL_CONTAINER),
    restartPolicy: str,
    terminationGracePeriodSeconds: int64,
    activeDeadlineSeconds: int64,
    dnsPolicy: str,
    nodeSelector: typedStringMap,
    serviceAccountName: str,
    serviceAccount: str,
    automountServiceAccountToken: bool,
    nodeName: str,
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    shareProcessNamespace: bool,
    securityContext: opaque,
    imagePullSecrets: listOf(scalars('name')),
    hostname: str,
    subdomain: str,
    affinity: opaque,
    schedulerName: str,
    tolerations: listOf(
      object({ key: str, operator: str, value: str, effect: str, tolerationSeconds: int64 }, 'Toleration'),
    ),
    hostAliases: listOf(object({ ip: scalar, hostnames: strings })),
    priorityClassName: str,
    priority: int32,
    dnsConfig: opaque,
    readinessGates: listOf(scalars('conditionType')),
    runtimeClassName: str,
    enableServiceLinks: bool,
    preemptionPolicy: str,
    overhead: resourceList,
    topologySpreadConstraints: listOf(opaque),
    setHostnameAsFQDN: bool,
    os: opaque,
    hostUsers: bool,
    schedulingGates: listOf(scalars('name')),
    resourceClaims: listOf(opaque),
    resources: opaque,
  },
  'PodSpec',
);

const CONTAINER_STATE = object({
  waiting: scalars('reason', 'message'),
  running: scalars('startedAt'),
  terminated: scalars('exitCode', 'signal', 'reason', 'message', 'startedAt', 'finishedAt', 'containerID'),
});

const CONTAINER_STATUS = object(
  {
    name: scalar,
    state: CONTAINER_STATE,
    lastState: CONTAINER_STATE,
    ready: scalar,
    restartCount: scalar,
    image: scalar,
    imageID: scalar,
    containerID: scalar,
    started: scalar,
    allocatedResources: stringMap,
    resources: opaque,
    volumeMounts: listOf(opaque),
    user: opaque,
    allocatedResourcesStatus: listOf(opaque),
    stopSignal: scalar,
  },
  'ContainerStatus',
);

const POD_STATUS = object(
  {
    observedGeneration: scalar,
    phase: scalar,
    conditions: listOf(
      scalars(
        'type',
        'observedGeneration',
        'status',
        'lastProbeTime',
        'lastTransitionTime',
        'reason',
        'message',
      ),
    ),
    message: scalar,
    reason: scalar,
    nominatedNodeName: scalar,
    hostIP: scalar,
    hostIPs: listOf(scalars('ip')),
    podIP: scalar,
    podIPs: listOf(scalars('ip')),
    startTime: scalar,
    initContainerStatuses: listOf(CONTAINER_STATUS),
    containerStatuses: listOf(CONTAINER_STATUS),
    ephemeralContainerStatuses: listOf(CONTAINER_STATUS),
    qosClass: scalar,
    resize: scalar,
    resourceClaimStatuses: listOf(opaque),
  },
  'PodStatus',
);

const topLevel = (fields: Record<string, FieldSchema>): FieldSchema =>
  object({ apiVersion: scalar, kind: scalar, metadata: OBJECT_META, ...fields });

const NODE_SPEC = object(
  {
    podCIDR: scalar,
    podCIDRs: strings,
    providerID: scalar,
    unschedulable: scalar,
    taints: listOf(scalars('key', 'value', 'effect', 'timeAdded')),
    configSource: opaque,
    externalID: scalar,
  },
  'NodeSpec',
);

const NODE_STATUS = object(
  {
    capacity: stringMap,
    allocatable: stringMap,
    phase: scalar,
    conditions: listOf(
      scalars('type', 'status', 'lastHeartbeatTime', 'lastTransitionTime', 'reason', 'message'),
    ),
    addresses: listOf(scalars('type', 'address')),
    daemonEndpoints: object({ kubeletEndpoint: scalars('Port') }),
    nodeInfo: object({
      machineID: scalar,
      systemUUID: scalar,
      bootID: scalar,
      kernelVersion: scalar,
      osImage: scalar,
      containerRuntimeVersion: scalar,
      kubeletVersion: scalar,
      kubeProxyVersion: scalar,
      operatingSystem: scalar,
      architecture: scalar,
      swap: opaque,
    }),
    images: listOf(object({ names: strings, sizeBytes: scalar })),
    volumesInUse: strings,
    volumesAttached: listOf(opaque),
    config: opaque,
    runtimeHandlers: listOf(opaque),
    features: opaque,
  },
  'NodeStatus',
);

const OBJECT_REFERENCE = scalars(
  'kind',
  'namespace',
  'name',
  'uid',
  'apiVersion',
  'resourceVersion',
  'fieldPath',
);

const SERVICE_SPEC = object(
  {
    ports: listOf(scalars('name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort')),
    selector: stringMap,
    clusterIP: scalar,
    clusterIPs: strings,
    type: scalar,
    externalIPs: strings,
    sessionAffinity: scalar,
    loadBalancerIP: scalar,
    loadBalancerSourceRanges: strings,
    externalName: scalar,
    externalTrafficPolicy: scalar,
    healthCheckNodePort: scalar,
    publishNotReadyAddresses: scalar,
    sessionAffinityConfig: opaque,
    ipFamilies: strings,
    ipFamilyPolicy: scalar,
    allocateLoadBalancerNodePorts: scalar,
    loadBalancerClass: scalar,
    internalTrafficPolicy: scalar,
    trafficDistribution: scalar,
  },
  'ServiceSpec',
);

/** meta/v1 DeleteOptions, as an Eviction carries them. */
const DELETE_OPTIONS = object(
  {
    apiVersion: scalar,
    kind: scalar,
    gracePeriodSeconds: int64,
    preconditions: object({ uid: str, resourceVersion: str }, 'Preconditions'),
    orphanDependents: bool,
    propagationPolicy: str,
    dryRun: typedStrings,
  },
  'DeleteOptions',
);

/** Top-level schemas by apiVersion and kind. */
export const KIND_SCHEMAS: Readonly<Record<string, FieldSchema>> = {
  'v1/Pod': topLevel({ spec: POD_SPEC, status: POD_STATUS }),
  'v1/Node': topLevel({ spec: NODE_SPEC, status: NODE_STATUS }),
  // pods/binding: only its metadata and target are read.
  'v1/Binding': topLevel({ target: OBJECT_REFERENCE }),
  // pods/eviction: which pod (metadata) and how to delete it.
  'policy/v1/Eviction': topLevel({ deleteOptions: DELETE_OPTIONS }),
  'v1/Namespace': topLevel({
    spec: object({ finalizers: strings }, 'NamespaceSpec'),
    status: object(
      {
        phase: scalar,
        conditions: listOf(scalars('type', 'status', 'lastTransitionTime', 'reason', 'message')),
      },
      'NamespaceStatus',
    ),
  }),
  'v1/Event': topLevel({
    involvedObject: OBJECT_REFERENCE,
    reason: scalar,
    message: scalar,
    source: scalars('component', 'host'),
    firstTimestamp: scalar,
    lastTimestamp: scalar,
    count: scalar,
    type: scalar,
    eventTime: scalar,
    series: scalars('count', 'lastObservedTime'),
    action: scalar,
    related: OBJECT_REFERENCE,
    reportingComponent: scalar,
    reportingInstance: scalar,
  }),
  'v1/Service': topLevel({
    spec: SERVICE_SPEC,
    status: object({ loadBalancer: opaque, conditions: listOf(opaque) }),
  }),
  'coordination.k8s.io/v1/Lease': topLevel({
    spec: object(
      Object.fromEntries(
        [
          'holderIdentity',
          'leaseDurationSeconds',
          'acquireTime',
          'renewTime',
          'leaseTransitions',
          'strategy',
          'preferredHolder',
        ].map((name) => [name, scalar]),
      ),
      'LeaseSpec',
    ),
  }),
};
