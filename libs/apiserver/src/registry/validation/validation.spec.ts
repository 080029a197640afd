// Pod, name and field-error rules as pure functions: the messages kubectl users will read.
import type { Pod } from '@groundkube/api';
import { applyPodDefaults, defaultPullPolicy, podQosClass } from '../core/pod/defaults';
import { POD_UPDATE_FORBIDDEN, validatePodSpec, validatePodUpdate } from '../core/pod/validation';
import { fieldErrorMessage, notSupported, toStatusCause } from './field-errors';
import { validateObjectMetaName } from './names';
import { QUANTITY_ERRORS, parseQuantity, quantitySyntaxError } from './quantity';

const messages = (errors: Parameters<typeof fieldErrorMessage>[0][]): string[] =>
  errors.map(fieldErrorMessage);

describe('names', () => {
  it.each([
    ['subdomain', 'web.example', []],
    [
      'subdomain',
      'Web',
      ['metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of'],
    ],
    ['label', 'a.b', ['metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of']],
    ['dns1035', '1abc', ['metadata.name: Invalid value: "1abc": a DNS-1035 label must consist of']],
  ] as const)('%s rule on %p', (rule, name, expected) => {
    const got = messages(validateObjectMetaName({ name }, rule));
    expect(got).toHaveLength(expected.length);
    got.forEach((m, i) => expect(m.startsWith(expected[i]!)).toBe(true));
  });

  it('requires a name or generateName, and checks a generateName prefix with its trailing dash', () => {
    expect(messages(validateObjectMetaName({}, 'subdomain'))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(validateObjectMetaName({ generateName: 'web-' }, 'subdomain')).toEqual([]);
  });

  it('says how long a name may be', () => {
    const long = 'a'.repeat(64);
    expect(messages(validateObjectMetaName({ name: long }, 'label'))).toEqual([
      `metadata.name: Invalid value: "${long}": must be no more than 63 characters`,
    ]);
  });
});

describe('field errors', () => {
  it('render as Kubernetes renders them, with causes', () => {
    const error = notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']);
    expect(fieldErrorMessage(error)).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(toStatusCause(error)).toEqual({
      reason: 'FieldValueNotSupported',
      message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      field: 'spec.restartPolicy',
    });
  });
});

describe('pod validation', () => {
  it('requires containers', () => {
    expect(messages(validatePodSpec({ containers: [] }))).toEqual(['spec.containers: Required value']);
  });

  it('reports every container problem at once', () => {
    const got = messages(
      validatePodSpec({
        containers: [
          { name: 'c', image: '' },
          { name: 'c', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/d' }] },
          { name: '', image: 'busybox', ports: [{ containerPort: 70000 }] },
        ],
        // Not a valid policy: the cast lets the test send what a client could.
        restartPolicy: 'Sometimes' as 'Always',
      }),
    );
    expect(got).toEqual([
      'spec.containers[0].image: Required value',
      'spec.containers[1].name: Duplicate value: "c"',
      'spec.containers[1].volumeMounts[0].name: Not found: "data"',
      'spec.containers[2].name: Required value',
      'spec.containers[2].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('refuses images with leading or trailing whitespace, in containers and initContainers, after the rest', () => {
    const got = messages(
      validatePodSpec({
        initContainers: [{ name: 'init', image: 'busybox\n' }],
        containers: [
          { name: 'a', image: ' busybox' },
          { name: 'b', image: 'busybox:1.36\t' },
          { name: 'c', image: 'inner space is fine' },
          { name: 'd', image: '\u00a0busybox' },
          { name: 'e', image: '' },
        ],
      }),
    );
    expect(got).toEqual([
      'spec.containers[4].image: Required value',
      'spec.containers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace',
      'spec.containers[1].image: Invalid value: "busybox:1.36\\t": must not have leading or trailing whitespace',
      'spec.containers[3].image: Invalid value: "\u00a0busybox": must not have leading or trailing whitespace',
      'spec.initContainers[0].image: Invalid value: "busybox\\n": must not have leading or trailing whitespace',
    ]);
  });

  it('refuses a padded image on update too', () => {
    const old: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    applyPodDefaults(old);
    const padded = structuredClone(old);
    padded.spec!.containers[0]!.image = 'nginx:2 ';
    expect(messages(validatePodUpdate(padded, old))).toEqual([
      'spec.containers[0].image: Invalid value: "nginx:2 ": must not have leading or trailing whitespace',
    ]);
  });

  it('checks probe handlers and volume sources', () => {
    const got = messages(
      validatePodSpec({
        volumes: [{ name: 'none' }, { name: 'two', emptyDir: {}, hostPath: { path: '/x' } }],
        containers: [
          {
            name: 'c',
            image: 'i',
            livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } },
            readinessProbe: { periodSeconds: -1 },
          },
        ],
      }),
    );
    expect(got).toEqual([
      'spec.volumes[0]: Required value: must specify a volume type',
      'spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.containers[0].livenessProbe: Forbidden: may not specify more than 1 handler type',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('requires successThreshold 1 for liveness and startup probes, not for readiness', () => {
    const probe = { exec: { command: ['true'] }, successThreshold: 2 };
    const got = messages(
      validatePodSpec({
        containers: [
          { name: 'c', image: 'i', livenessProbe: probe, readinessProbe: probe, startupProbe: probe },
        ],
      }),
    );
    expect(got).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
  });

  it('checks resource quantities and that requests stay within limits', () => {
    const got = messages(
      validatePodSpec({
        containers: [
          {
            name: 'c',
            image: 'i',
            resources: { limits: { cpu: '500m', memory: 'lots' }, requests: { cpu: '1', memory: '-1Mi' } },
          },
        ],
      }),
    );
    expect(got).toEqual([
      `spec.containers[0].resources.limits[memory]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
    ]);
  });

  it('forbids spec changes other than images on update', () => {
    const old: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    applyPodDefaults(old);
    const imageOnly = structuredClone(old);
    imageOnly.spec!.containers[0]!.image = 'nginx:2';
    expect(validatePodUpdate(imageOnly, old)).toEqual([]);

    const moved = structuredClone(old);
    moved.spec!.nodeName = 'elsewhere';
    const errors = validatePodUpdate(moved, old);
    expect(errors).toHaveLength(1);
    expect(fieldErrorMessage(errors[0]!).startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`)).toBe(true);
    expect(errors[0]!.detail).toContain('spec.nodeName');
  });
});

describe('pod defaults', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['127.0.0.1:5000/nginx', 'Always'],
    ['127.0.0.1:5000/nginx:1.27', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('pull policy of %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('computes the QoS class from requests and limits', () => {
    const pod = (resources: object): Pod => ({
      metadata: {},
      spec: { containers: [{ name: 'c', image: 'i', resources }] },
    });
    expect(podQosClass(pod({}))).toBe('BestEffort');
    expect(podQosClass(pod({ requests: { cpu: '1' } }))).toBe('Burstable');
    const guaranteed = pod({ limits: { cpu: '1', memory: '1Gi' } });
    applyPodDefaults(guaranteed);
    expect(guaranteed.spec!.containers[0]!.resources!.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(podQosClass(guaranteed)).toBe('Guaranteed');
    expect(
      podQosClass(pod({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })),
    ).toBe('Guaranteed');
  });
});

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Gi', 2 ** 30],
    ['1.5k', 1500],
    ['1e3', 1000],
    ['128974848', 128974848],
    ['.5', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['lots', '1GiB', '', '1.2.3'])('%p is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it.each(['0', '500m', '1Gi', '1.', '.', '-1', '+2k', '1e3', '1E-2', '12E', '3Ei'])(
    '%p is a quantity to the decoder',
    (text) => {
      expect(quantitySyntaxError(text)).toBeUndefined();
    },
  );

  it.each([
    ['', QUANTITY_ERRORS.format],
    ['abc', QUANTITY_ERRORS.format],
    ['1.2.3', QUANTITY_ERRORS.format],
    ['1GiB', QUANTITY_ERRORS.format],
    ['1ki', QUANTITY_ERRORS.suffix],
    ['1e', QUANTITY_ERRORS.suffix],
    ['1Ki5', QUANTITY_ERRORS.suffix],
  ])('the decoder refuses %p: %s', (text, error) => {
    expect(quantitySyntaxError(text)).toBe(error);
  });
});
