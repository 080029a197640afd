// What `kubectl explain` prints for groundkube's types: one short description per type and per
// field, written for this project. Keys are a type's Go name (`PodSpec`) or a field below it
// (`PodSpec.containers`, `Probe.httpGet.port` for a field of an unnamed nested object).
// Fields missing here are served without a description and explain shows `<no description>`.

const TYPE_META = {
  apiVersion:
    'The versioned schema this object follows, as group/version ("v1" for the core group). The server ' +
    'converts recognised versions to its own.',
  kind: 'The type of this object, in CamelCase (Pod, Node, …). Inferred from the endpoint when omitted on writes.',
};

const OBJECT_DESCRIPTIONS = {
  metadata: "The object's metadata: name, namespace, labels, annotations, owner references and finalizers.",
};

/** Descriptions of the top-level fields every kind shares. */
function kindFields(kind: string, extra: Record<string, string>): Record<string, string> {
  const entries: Record<string, string> = {
    [`${kind}.apiVersion`]: TYPE_META.apiVersion,
    [`${kind}.kind`]: TYPE_META.kind,
    [`${kind}.metadata`]: OBJECT_DESCRIPTIONS.metadata,
  };
  for (const [field, text] of Object.entries(extra)) entries[`${kind}.${field}`] = text;
  return entries;
}

const CONTAINER_FIELDS: Record<string, string> = {
  name: 'The container name, a DNS label unique within the pod. Cannot be changed.',
  image: 'The container image to run, e.g. nginx:1.27 or registry.example.com/app@sha256:….',
  command:
    "The entrypoint, as an argv list run without a shell. Replaces the image's ENTRYPOINT; $(VAR) " +
    'references to the container environment are expanded.',
  args: "Arguments to the entrypoint. Replaces the image's CMD; $(VAR) references are expanded.",
  workingDir: "The working directory of the process; the image's default when empty.",
  ports: 'Ports the container listens on. Informational: a port not listed here is reachable all the same.',
  envFrom: 'Sources (ConfigMaps, Secrets) whose keys all become environment variables.',
  env: 'Environment variables to set in the container.',
  resources: 'Compute resources (cpu, memory, …) the container requests and may not exceed.',
  resizePolicy: 'How each resource is resized in place: without restart, or by restarting the container.',
  restartPolicy: 'Only for init containers: Always makes it a sidecar that runs for the life of the pod.',
  volumeMounts: "Pod volumes to mount into the container's filesystem.",
  volumeDevices: 'Block devices of the pod to expose to the container.',
  livenessProbe: 'Periodic check that the container is alive; the container is restarted when it fails.',
  readinessProbe: 'Periodic check that the container can serve; the pod is not Ready while it fails.',
  startupProbe:
    'Check that the container has started; the other probes wait until it succeeds, and the container ' +
    'is restarted when it fails.',
  lifecycle: 'Actions run right after the container starts and just before it is stopped.',
  terminationMessagePath:
    'The file whose contents become the termination message. Default /dev/termination-log.',
  terminationMessagePolicy:
    'Where the termination message comes from: File, or FallbackToLogsOnError to use the log tail.',
  imagePullPolicy:
    'When to pull the image: Always, Never or IfNotPresent. Default Always for :latest, IfNotPresent otherwise.',
  securityContext: 'Security options of the container: user, capabilities, privilege, seccomp …',
  stdin: 'Keep a stdin buffer open for the container.',
  stdinOnce: 'Close stdin after the first client that attached to it detaches.',
  tty: 'Allocate a TTY for the container; needs stdin too.',
};

/** Type and field descriptions by Go type name. */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
  Pod:
    'A Pod is a group of containers scheduled together on one node, sharing network and volumes. Users ' +
    'create it; the scheduler binds it to a node and that node’s kubelet runs it.',
  ...kindFields('Pod', {
    spec: 'The desired behaviour of the pod: its containers, volumes and scheduling constraints.',
    status: 'The most recently observed state of the pod, written by the kubelet. Read-only.',
  }),

  PodSpec: 'The desired behaviour of a pod.',
  'PodSpec.volumes': 'Volumes the containers of the pod can mount.',
  'PodSpec.initContainers':
    'Containers run one after another, each to completion, before the app containers start.',
  'PodSpec.containers': 'The containers of the pod. At least one; cannot be added or removed later.',
  'PodSpec.ephemeralContainers': 'Debugging containers added to a running pod through its subresource.',
  'PodSpec.restartPolicy':
    'Whether containers are restarted when they exit: Always, OnFailure or Never. Default Always.',
  'PodSpec.terminationGracePeriodSeconds':
    'Seconds a container gets after the stop signal before it is killed. Default 30.',
  'PodSpec.activeDeadlineSeconds': 'Seconds the pod may be active before the kubelet fails it.',
  'PodSpec.dnsPolicy':
    'How DNS is configured for the pod: ClusterFirst, Default, None … Default ClusterFirst.',
  'PodSpec.nodeSelector': 'Labels a node must have for the pod to be scheduled there.',
  'PodSpec.serviceAccountName': 'The service account the pod runs as.',
  'PodSpec.serviceAccount': 'Deprecated alias of serviceAccountName.',
  'PodSpec.automountServiceAccountToken': "Whether the service account's token is mounted automatically.",
  'PodSpec.nodeName':
    'The node the pod runs on. Set by the scheduler through the binding subresource, or by the user to ' +
    'bypass scheduling.',
  'PodSpec.hostNetwork': "Use the node's network namespace instead of a pod network.",
  'PodSpec.hostPID': "Use the node's process ID namespace.",
  'PodSpec.hostIPC': "Use the node's IPC namespace.",
  'PodSpec.shareProcessNamespace': 'Let the containers of the pod see each other’s processes.',
  'PodSpec.securityContext': 'Pod-wide security settings and defaults for its containers.',
  'PodSpec.imagePullSecrets': 'Secrets holding registry credentials to pull the images with.',
  'PodSpec.hostname': "The pod's hostname; the pod name when empty.",
  'PodSpec.subdomain': 'With hostname, gives the pod the FQDN <hostname>.<subdomain>.<namespace>.svc.',
  'PodSpec.affinity': 'Node affinity and pod (anti-)affinity scheduling rules.',
  'PodSpec.schedulerName': 'The scheduler that places the pod. Default default-scheduler.',
  'PodSpec.tolerations': 'Taints the pod tolerates.',
  'PodSpec.hostAliases': "Extra entries for the pod's /etc/hosts.",
  'PodSpec.priorityClassName': "The PriorityClass that sets the pod's priority.",
  'PodSpec.priority': 'The priority value, filled in from priorityClassName by admission.',
  'PodSpec.dnsConfig': "Extra DNS settings merged into the pod's resolv.conf.",
  'PodSpec.readinessGates': 'Extra pod conditions that must be True for the pod to be Ready.',
  'PodSpec.runtimeClassName': 'The RuntimeClass (container runtime handler) to run the pod with.',
  'PodSpec.enableServiceLinks':
    'Inject environment variables for the services of the namespace. Default true.',
  'PodSpec.preemptionPolicy':
    'Whether the pod may preempt lower-priority pods: PreemptLowerPriority or Never.',
  'PodSpec.overhead': 'Resources the pod sandbox uses on top of its containers.',
  'PodSpec.topologySpreadConstraints': 'How the pod spreads across topology domains (zones, nodes, …).',
  'PodSpec.setHostnameAsFQDN': "Set the kernel hostname to the pod's fully qualified domain name.",
  'PodSpec.os': 'The operating system the containers need.',
  'PodSpec.hostUsers': "Use the node's user namespace. Default true.",
  'PodSpec.schedulingGates': 'While any gate remains, the pod is not scheduled.',
  'PodSpec.resourceClaims': 'Dynamic resource claims the pod needs.',
  'PodSpec.resources': 'Resources for the pod as a whole, shared by its containers.',

  Container: 'A container to run in a pod.',
  ...Object.fromEntries(
    Object.entries(CONTAINER_FIELDS).map(([field, text]) => [`Container.${field}`, text]),
  ),
  EphemeralContainer: 'A temporary container added to a running pod, e.g. for debugging.',
  ...Object.fromEntries(
    Object.entries(CONTAINER_FIELDS).map(([field, text]) => [`EphemeralContainer.${field}`, text]),
  ),
  'EphemeralContainer.targetContainerName': 'The container whose namespaces the ephemeral container joins.',
  ResourceRequirements: 'Compute resources a container requests and may not exceed.',
  'ResourceRequirements.limits': 'The most of each resource the container may use.',
  'ResourceRequirements.requests':
    'The amount of each resource reserved for the container when it is scheduled.',
  'ResourceRequirements.claims': 'Dynamic resource claims of the pod that this container uses.',
  ContainerPort: 'A network port of a container.',
  'ContainerPort.name':
    'A name for the port (IANA_SVC_NAME), unique in the pod; probes and services can use it.',
  'ContainerPort.containerPort': 'The port number on the pod IP, 1-65535.',
  'ContainerPort.hostPort': "The port number to expose on the node's IP as well.",
  'ContainerPort.protocol': 'TCP, UDP or SCTP. Default TCP.',
  'ContainerPort.hostIP': 'The node IP to bind hostPort to.',
  VolumeMount: "A volume mounted in a container's filesystem.",
  'VolumeMount.name': 'The name of the pod volume to mount.',
  'VolumeMount.mountPath': 'The path inside the container; must not contain ":".',
  'VolumeMount.readOnly': 'Mount read-only. Default false.',
  'VolumeMount.subPath': 'Mount this path of the volume instead of its root.',
  'VolumeMount.mountPropagation':
    'How mounts propagate between host and container: None, HostToContainer, Bidirectional.',
  'VolumeMount.subPathExpr': 'Like subPath, with $(VAR) references to the container environment expanded.',
  'VolumeMount.recursiveReadOnly':
    'Whether a read-only mount is read-only recursively: Disabled, IfPossible, Enabled.',
  Probe: 'A health check of a container: one handler plus timing and thresholds.',
  'Probe.exec': 'Run a command in the container; exit status 0 is success.',
  'Probe.httpGet': 'Send an HTTP GET; a status from 200 to 399 is success.',
  'Probe.tcpSocket': 'Open a TCP connection; connecting is success.',
  'Probe.grpc': 'Call the gRPC health checking service.',
  'Probe.initialDelaySeconds': 'Seconds after the container starts before the first check.',
  'Probe.timeoutSeconds': 'Seconds a check may take. Default 1.',
  'Probe.periodSeconds': 'Seconds between checks. Default 10.',
  'Probe.successThreshold': 'Consecutive successes that count as success after a failure. Default 1.',
  'Probe.failureThreshold': 'Consecutive failures that count as failure. Default 3.',
  'Probe.terminationGracePeriodSeconds':
    "Overrides the pod's grace period when this probe kills the container.",
  Volume: 'A named volume of a pod, with exactly one source.',
  'Volume.name': 'The volume name, a DNS label unique in the pod; mounts refer to it.',
  'Volume.hostPath': 'A file or directory of the node, mapped into the pod.',
  'Volume.emptyDir': 'An empty directory that lives as long as the pod.',
  'Volume.configMap': 'The keys of a ConfigMap as files.',
  'Volume.secret': 'The keys of a Secret as files.',
  'Volume.persistentVolumeClaim': 'A PersistentVolumeClaim of the namespace.',
  EnvVar: 'An environment variable of a container.',
  'EnvVar.name': 'The variable name.',
  'EnvVar.value': 'The value; $(VAR) references to earlier variables are expanded.',
  'EnvVar.valueFrom': 'Take the value from a field of the pod, a resource, a ConfigMap or a Secret instead.',
  Toleration: 'Lets the pod be scheduled onto (or stay on) nodes with a matching taint.',
  'Toleration.key': 'The taint key; empty with operator Exists matches every taint.',
  'Toleration.operator': 'Exists or Equal. Default Equal.',
  'Toleration.value': 'The taint value to match with operator Equal.',
  'Toleration.effect':
    'The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.',
  'Toleration.tolerationSeconds': 'For NoExecute: how long the pod stays after the taint appears.',

  PodStatus: 'The observed state of a pod.',
  'PodStatus.phase': 'Where the pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.',
  'PodStatus.conditions':
    'The current conditions of the pod (PodScheduled, Initialized, ContainersReady, Ready).',
  'PodStatus.message': 'A human-readable note on why the pod is in this state.',
  'PodStatus.reason': 'A brief CamelCase reason for the state, e.g. Evicted.',
  'PodStatus.hostIP': 'The primary IP of the node the pod runs on.',
  'PodStatus.hostIPs': 'The IPs of the node the pod runs on.',
  'PodStatus.podIP': 'The primary IP of the pod.',
  'PodStatus.podIPs': 'The IPs of the pod.',
  'PodStatus.startTime': 'When the kubelet accepted the pod, before any image was pulled.',
  'PodStatus.initContainerStatuses': 'The status of each init container.',
  'PodStatus.containerStatuses': 'The status of each app container.',
  'PodStatus.ephemeralContainerStatuses': 'The status of each ephemeral container.',
  'PodStatus.qosClass':
    'The quality of service class from the resource requests: Guaranteed, Burstable or BestEffort.',
  ContainerStatus: 'The observed state of one container.',
  'ContainerStatus.name': 'The container name.',
  'ContainerStatus.state': 'The current state: waiting, running or terminated.',
  'ContainerStatus.lastState': 'The state of the previous run of the container, when it has been restarted.',
  'ContainerStatus.ready': 'Whether the container passes its readiness probe.',
  'ContainerStatus.restartCount': 'How many times the container has been restarted.',
  'ContainerStatus.image': 'The image the container runs.',
  'ContainerStatus.imageID': 'The ID of the image the container runs.',
  'ContainerStatus.containerID': 'The runtime ID of the container, as <type>://<id>.',
  'ContainerStatus.started': 'Whether the container has passed its startup probe.',

  Node: 'A worker machine of the cluster. Its kubelet registers it and reports its status.',
  ...kindFields('Node', {
    spec: 'How the node should be treated: pod CIDRs, taints, whether it is schedulable.',
    status: 'The most recently observed state of the node, reported by its kubelet. Read-only.',
  }),
  NodeSpec: 'The desired behaviour of a node.',
  'NodeSpec.podCIDR': 'The pod IP range of the node.',
  'NodeSpec.podCIDRs': 'The pod IP ranges of the node, one per IP family.',
  'NodeSpec.providerID': "The node's ID at the cloud provider.",
  'NodeSpec.unschedulable': 'Keep new pods off the node (kubectl cordon).',
  'NodeSpec.taints': 'Taints that repel pods not tolerating them.',
  NodeStatus: 'The observed state of a node.',
  'NodeStatus.capacity': 'The total resources of the node.',
  'NodeStatus.allocatable': 'The resources of the node available to pods.',
  'NodeStatus.conditions': 'The current conditions of the node, such as Ready.',
  'NodeStatus.addresses': 'Addresses of the node: InternalIP, Hostname, …',
  'NodeStatus.daemonEndpoints': 'Ports of the daemons on the node, such as the kubelet.',
  'NodeStatus.nodeInfo': 'Versions and IDs the node reports: kernel, OS image, runtime, kubelet.',
  'NodeStatus.images': 'Images present on the node.',

  Namespace: 'A scope for names. Most objects live in a namespace, and deleting it deletes them.',
  ...kindFields('Namespace', {
    spec: 'The finalizers that must finish before the namespace can be removed.',
    status: 'The observed state of the namespace: its phase and why deletion is not finished.',
  }),
  NamespaceSpec: 'The desired state of a namespace.',
  'NamespaceSpec.finalizers': 'Finalizers that must be removed before the namespace is deleted from storage.',
  NamespaceStatus: 'The observed state of a namespace.',
  'NamespaceStatus.phase': 'Active, or Terminating once deletion has started.',
  'NamespaceStatus.conditions': 'The latest observations of the namespace while it is being deleted.',

  Event: 'A report of something that happened to an object, such as a pod being scheduled.',
  ...kindFields('Event', {
    involvedObject: 'The object the event is about.',
    reason: 'A short CamelCase reason for the event, e.g. Scheduled.',
    message: 'A human-readable description of what happened.',
    source: 'The component (and host) that reported the event.',
    firstTimestamp: 'When the event was first recorded.',
    lastTimestamp: 'When the event was most recently recorded.',
    count: 'How many times the event has occurred.',
    type: 'Normal or Warning.',
    eventTime: 'When the event was first observed, with microsecond precision.',
    reportingComponent: 'The controller that emitted the event.',
    reportingInstance: 'The instance of that controller.',
    action: 'What was done, or failed, to the object, e.g. Binding.',
    related: 'A second object involved, if any.',
    series: 'For a repeating event: how often it has recurred and when last.',
  }),

  Service: 'A named abstraction of network service: a virtual IP and ports in front of a set of pods.',
  ...kindFields('Service', {
    spec: 'The behaviour of the service: ports, selector, type.',
    status: 'The observed state of the service, such as its load balancer.',
  }),
  ServiceSpec: 'The desired behaviour of a service.',
  'ServiceSpec.ports': 'The ports the service exposes.',
  'ServiceSpec.selector': 'Labels of the pods that back the service.',
  'ServiceSpec.clusterIP': 'The virtual IP of the service, usually assigned by the server.',
  'ServiceSpec.type': 'ClusterIP, NodePort, LoadBalancer or ExternalName. Default ClusterIP.',

  Binding: 'Ties an object to another, e.g. a pod to a node. Posted to the pods/binding subresource.',
  ...kindFields('Binding', { target: 'The object to bind to, such as a Node.' }),

  Eviction:
    'A request to remove a pod as its disruption budgets allow. Posted to the pods/eviction subresource; ' +
    'metadata names the pod.',
  ...kindFields('Eviction', { deleteOptions: 'How the pod is deleted once the eviction is allowed.' }),
  DeleteOptions: 'Options of a delete.',
  'DeleteOptions.apiVersion': 'The versioned schema of this representation of an object.',
  'DeleteOptions.kind': 'The REST resource this object represents, in CamelCase.',
  'DeleteOptions.gracePeriodSeconds':
    "Seconds the object has before it is deleted; 0 deletes at once. Unset: the kind's default.",
  'DeleteOptions.preconditions': 'Conditions the object must meet for the delete to go ahead.',
  'DeleteOptions.orphanDependents': 'Deprecated: whether dependents are orphaned; use propagationPolicy.',
  'DeleteOptions.propagationPolicy': 'Orphan, Background or Foreground garbage collection of dependents.',
  'DeleteOptions.dryRun': 'When it holds All, the delete is checked but not persisted.',
  Preconditions: 'Conditions an object must meet before an operation on it goes ahead.',
  'Preconditions.uid': 'The object must have this UID.',
  'Preconditions.resourceVersion': 'The object must be at this resourceVersion.',

  Lease: 'A lease held by one holder for a while, used for leader election and node heartbeats.',
  ...kindFields('Lease', { spec: 'Who holds the lease and for how long.' }),
  LeaseSpec: 'The holder and timing of a lease.',
  'LeaseSpec.holderIdentity': 'The identity of the current holder.',
  'LeaseSpec.leaseDurationSeconds': 'How long others wait after the last renewal before taking the lease.',
  'LeaseSpec.acquireTime': 'When the current holder acquired the lease.',
  'LeaseSpec.renewTime': 'When the holder last renewed the lease.',
  'LeaseSpec.leaseTransitions': 'How many times the lease has changed holders.',

  ObjectMeta: 'Metadata every persisted object has.',
  'ObjectMeta.name': 'The name, unique in the namespace for this kind. Cannot be changed.',
  'ObjectMeta.generateName': 'A prefix from which the server generates a unique name when name is empty.',
  'ObjectMeta.namespace': 'The namespace the object lives in; empty for cluster-scoped kinds.',
  'ObjectMeta.uid': 'A unique ID the server assigns on creation. Read-only.',
  'ObjectMeta.resourceVersion':
    'An opaque version of the object, for optimistic concurrency and watches. Read-only.',
  'ObjectMeta.generation': 'A sequence number of changes to the desired state. Read-only.',
  'ObjectMeta.creationTimestamp': 'When the object was created. Read-only.',
  'ObjectMeta.deletionTimestamp':
    'When the object will be deleted, set when a graceful deletion is requested. Read-only.',
  'ObjectMeta.deletionGracePeriodSeconds':
    'Seconds the object is given to terminate before it is removed. Read-only.',
  'ObjectMeta.labels': 'Key/value pairs for organising and selecting objects.',
  'ObjectMeta.annotations': 'Key/value pairs for tools and extensions to store data; not queryable.',
  'ObjectMeta.ownerReferences':
    'Objects this one depends on; when all owners are gone it is garbage-collected.',
  'ObjectMeta.finalizers': 'Entries that must be removed before the object is deleted from storage.',
  'ObjectMeta.managedFields': 'Which manager owns which fields, for server-side apply.',
  'ObjectMeta.selfLink': 'Deprecated and unset.',
  OwnerReference: 'Identifies an owner of an object.',
};
