// The objects the compat specs serve through the document fixture: pods in two namespaces (running,
// crash-looping, pending), a Ready node and an event, with ages relative to one fixed instant.
import type { Event, KubeObject, Node, Pod } from '@groundkube/api';

export const fixtureNow = new Date();
const ago = (minutes: number) =>
  new Date(fixtureNow.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const pods: Pod[] = [
  {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u-web',
      resourceVersion: '10',
      creationTimestamp: ago(60),
      labels: { app: 'web' },
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx' }] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.201.0.5' }],
      containerStatuses: [
        { name: 'nginx', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } },
      ],
    },
  },
  {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'crashy',
      namespace: 'default',
      uid: 'u-crashy',
      resourceVersion: '11',
      creationTimestamp: ago(5),
      labels: { app: 'db' },
      // Strings that YAML printers must quote (or not) exactly as kubectl's encoder does.
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Pod","metadata":{"name":"crashy"}}\n',
        'example.com/yes': 'yes',
        'example.com/e1': 'e1',
        'example.com/underscored': '1_000',
        'example.com/clock': '12:30',
        'example.com/octal': '0o7',
        'example.com/number': '123',
        'example.com/float': '1e3',
        'example.com/multiline': 'first\nsecond',
        'example.com/leading-space': ' x',
        'example.com/empty': '',
        'example.com/dash': '- x',
        'example.com/colon': 'a: b',
        'example.com/hash': 'a #b',
        'example.com/tilde': '~',
      },
    },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          restartCount: 4,
          image: 'busybox',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    },
  },
  {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'other',
      namespace: 'kube-system',
      uid: 'u-other',
      resourceVersion: '12',
      creationTimestamp: ago(120),
    },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Pending' },
  },
];
const node: Node = {
  kind: 'Node',
  apiVersion: 'v1',
  metadata: {
    name: 'node-1',
    uid: 'node-1',
    resourceVersion: '5',
    creationTimestamp: ago(24 * 60),
    labels: {},
  },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: '6.1.0-test',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'docker://20.10.24',
      kubeletVersion: 'v1.32.4',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  },
};
const event: Event = {
  kind: 'Event',
  apiVersion: 'v1',
  metadata: {
    name: 'web.1',
    namespace: 'default',
    uid: 'e1',
    resourceVersion: '20',
    creationTimestamp: ago(3),
  },
  involvedObject: {
    kind: 'Pod',
    name: 'web',
    namespace: 'default',
    uid: 'u-web',
    fieldPath: 'spec.containers{nginx}',
  },
  reason: 'Started',
  message: 'Started container nginx',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: ago(3),
  lastTimestamp: ago(2),
  count: 1,
};
export const fixtureObjects: KubeObject[] = [...pods, node, event];
export const NEW_POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: new\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
