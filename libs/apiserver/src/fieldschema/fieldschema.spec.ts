import { StrictDecodingError, unknownFieldWarnings } from './errors';
import { dropUnknownFields, findUnknownFields, hasFieldSchema } from './unknown-fields';

const validPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    labels: { app: 'web' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        securityContext: { runAsUser: 1000, capabilities: { add: ['NET_ADMIN'] } },
      },
    ],
    initContainers: [{ name: 'init', image: 'busybox', command: ['true'] }],
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } },
    ],
    restartPolicy: 'Always',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: { nodeAffinity: { anything: true } },
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    containerStatuses: [
      {
        name: 'nginx',
        ready: true,
        restartCount: 0,
        image: 'nginx',
        imageID: '',
        state: { running: { startedAt: 'x' } },
      },
    ],
    podIPs: [{ ip: '10.0.0.1' }],
  },
};

describe('findUnknownFields', () => {
  it.each<[string, string, unknown, string[], string?]>([
    ['a valid pod', 'Pod', validPod, []],
    ['spec.foo', 'Pod', { ...validPod, spec: { ...validPod.spec, foo: 1 } }, ['spec.foo']],
    [
      'a field of the first container',
      'Pod',
      {
        spec: {
          containers: [
            { name: 'a', imagee: 'x' },
            { name: 'b', bar: 1, baz: 2 },
          ],
        },
      },
      ['spec.containers[0].imagee', 'spec.containers[1].bar', 'spec.containers[1].baz'],
    ],
    ['a top-level field', 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: {}, extra: true }, ['extra']],
    ['a metadata typo', 'Pod', { metadata: { name: 'x', label: { a: 'b' } } }, ['metadata.label']],
    [
      'nested env source',
      'Pod',
      { spec: { containers: [{ name: 'a', env: [{ name: 'E', valueFrom: { x: 1 } }] }] } },
      ['spec.containers[0].env[0].valueFrom.x'],
    ],
    [
      'a volume typo',
      'Pod',
      { spec: { volumes: [{ name: 'v', emptyDri: {} }] } },
      ['spec.volumes[0].emptyDri'],
    ],
    [
      'probe fields',
      'Pod',
      { spec: { containers: [{ name: 'a', livenessProbe: { httpGet: { port: 80, paht: '/' } } }] } },
      ['spec.containers[0].livenessProbe.httpGet.paht'],
    ],
    [
      'status fields',
      'Pod',
      { status: { phase: 'Running', phaze: 'x', containerStatuses: [{ name: 'a', state: { runnin: {} } }] } },
      ['status.phaze', 'status.containerStatuses[0].state.runnin'],
    ],
    [
      'opaque structures accept anything',
      'Pod',
      { spec: { securityContext: { whatever: 1 }, affinity: { x: { y: 1 } } } },
      [],
    ],
    [
      'ephemeral containers may target a container',
      'Pod',
      { spec: { ephemeralContainers: [{ name: 'd', targetContainerName: 'a' }] } },
      [],
    ],
    ['a wrong type is not an unknown field', 'Pod', { spec: { containers: 'oops', volumes: [1] } }, []],
    [
      'node',
      'Node',
      {
        spec: { unschedulable: true, taintz: [] },
        status: { nodeInfo: { kubeletVersion: 'v1', kernel: 'x' } },
      },
      ['spec.taintz', 'status.nodeInfo.kernel'],
    ],
    [
      'namespace',
      'Namespace',
      { metadata: { name: 'ns' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active', x: 1 } },
      ['status.x'],
    ],
    [
      'event',
      'Event',
      { involvedObject: { kind: 'Pod', name: 'a', extra: 1 }, reason: 'R', source: { component: 'kubelet' } },
      ['involvedObject.extra'],
    ],
    [
      'service',
      'Service',
      { spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 'http', nodeport: 1 }] } },
      ['spec.ports[0].nodeport'],
    ],
    [
      'lease',
      'Lease',
      { spec: { holderIdentity: 'n1', renewTime: 'x', owner: 'y' } },
      ['spec.owner'],
      'coordination.k8s.io/v1',
    ],
    ['a lease in the wrong group is not judged', 'Lease', { spec: { owner: 'y' } }, []],
    ['an unknown kind is not judged', 'Deployment', { spec: { anything: 1 } }, []],
    // A rest parameter keeps Jest from mistaking the optional apiVersion slot for a `done` callback.
  ])('%s', (...[, kind, object, expected, apiVersion]) => {
    expect(findUnknownFields(kind, object, apiVersion)).toEqual(expected);
  });

  it.each([
    ['v1', 'Pod', true],
    ['coordination.k8s.io/v1', 'Lease', true],
    ['apps/v1', 'Deployment', false],
  ])('hasFieldSchema(%s, %s) = %s', (apiVersion, kind, expected) => {
    expect(hasFieldSchema(apiVersion, kind)).toBe(expected);
  });
});

describe('dropUnknownFields', () => {
  it('keeps a pod with only known fields exactly as it was', () => {
    expect(dropUnknownFields('Pod', validPod)).toEqual(validPod);
  });

  it('drops unknown fields at every depth and leaves the input alone', () => {
    const pod = {
      ...validPod,
      bogusTop: 2,
      metadata: { ...validPod.metadata, bogusMeta: 1 },
      spec: {
        ...validPod.spec,
        foo: 1,
        containers: [{ ...validPod.spec.containers[0], bar: true }],
      },
    };
    const before = structuredClone(pod);
    expect(dropUnknownFields('Pod', pod)).toEqual(validPod);
    expect(pod).toEqual(before);
  });

  it('keeps every key of map-typed fields and all content of opaque ones', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'm', labels: { 'any.key/x': 'v' }, annotations: { 'free-form': 'text' } },
      spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux', anything: 'goes' },
        affinity: { nodeAffinity: { whatever: { deep: [1, 2] } } },
        securityContext: { runAsUser: 1000, notReallyAField: true },
        containers: [{ name: 'a', image: 'busybox', resources: { limits: { 'example.com/gpu': '1' } } }],
        volumes: [{ name: 'cfg', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }],
      },
    };
    expect(dropUnknownFields('Pod', pod)).toEqual(pod);
  });

  it('leaves kinds without a schema alone', () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { anything: 1 } };
    expect(dropUnknownFields('Deployment', object, 'apps/v1')).toBe(object);
  });
});

describe('StrictDecodingError', () => {
  it('formats Kubernetes’ message', () => {
    const error = new StrictDecodingError('Pod', 'v1', ['spec.foo', 'spec.containers[0].bar']);
    expect(error.code).toBe('FIELD_VALIDATION_UNKNOWN_FIELDS');
    expect(error.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo", ' +
        'unknown field "spec.containers[0].bar"',
    );
  });

  it('gives one warning per field', () => {
    expect(unknownFieldWarnings(['spec.foo'])).toEqual(['unknown field "spec.foo"']);
  });
});
