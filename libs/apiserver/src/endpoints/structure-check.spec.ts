import { ApiError } from '../registry/api-errors';
import { checkStructure } from './structure-check';

const POD = { kind: 'Pod', apiVersion: 'v1', version: 'v1' };
const PREFIX = 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal ';

function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'a', image: 'busybox' }], ...spec },
  };
}

function refusal(object: unknown): ApiError | undefined {
  try {
    checkStructure(object, POD);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  return undefined;
}

describe('checkStructure', () => {
  it.each([
    [
      'a string for an int64',
      pod({ terminationGracePeriodSeconds: 'abc' }),
      'string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    ],
    [
      'a fraction for an int64',
      pod({ activeDeadlineSeconds: 1.5 }),
      'number 1.5 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64',
    ],
    [
      'a number for a container image',
      pod({ containers: [{ name: 'a', image: 7 }] }),
      'number into Go struct field Container.spec.containers.image of type string',
    ],
    [
      'a string for a container port',
      pod({ containers: [{ name: 'a', image: 'i', ports: [{ containerPort: '80' }] }] }),
      'string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    ],
    [
      'an int32 out of range',
      pod({ containers: [{ name: 'a', image: 'i', ports: [{ containerPort: 2 ** 31 }] }] }),
      'number 2147483648 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    ],
    [
      'a string for a bool',
      pod({ hostNetwork: 'yes' }),
      'string into Go struct field PodSpec.spec.hostNetwork of type bool',
    ],
    [
      'a number in a string list',
      pod({ containers: [{ name: 'a', image: 'i', command: ['sh', 1] }] }),
      'number into Go struct field Container.spec.containers.command of type string',
    ],
    [
      'a probe timeout as a string',
      pod({ containers: [{ name: 'a', image: 'i', livenessProbe: { timeoutSeconds: '1' } }] }),
      'string into Go struct field Probe.spec.containers.livenessProbe.timeoutSeconds of type int32',
    ],
    [
      'a bool as a label value',
      pod({}, { name: 'p', labels: { on: true } }),
      'bool into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'a number as the name',
      pod({}, { name: 5 }),
      'number into Go struct field ObjectMeta.metadata.name of type string',
    ],
    ['a string for a list', pod({ containers: 'x' }), 'string into field spec.containers of type array'],
  ])('refuses %s with 400 BadRequest', (_name, object, message) => {
    const error = refusal(object);
    expect(error).toBeDefined();
    expect({ code: error!.code, reason: error!.reason, message: error!.message }).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: PREFIX + message,
    });
  });

  it('reports the first mismatch in document order, as Go’s decoder does', () => {
    const error = refusal(pod({ hostNetwork: 'yes', priority: 'high' }));
    expect(error?.message).toBe(PREFIX + 'string into Go struct field PodSpec.spec.hostNetwork of type bool');
  });

  const QUANTITY_FORMAT_ERROR =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const resources = (resources: unknown): Record<string, unknown> => ({
    containers: [{ name: 'a', image: 'i', resources }],
  });

  it.each([
    ['a word as a cpu limit', pod(resources({ limits: { cpu: 'abc' } })), QUANTITY_FORMAT_ERROR],
    ['a bool as a memory request', pod(resources({ requests: { memory: true } })), QUANTITY_FORMAT_ERROR],
    ['an empty quantity', pod(resources({ requests: { cpu: '' } })), QUANTITY_FORMAT_ERROR],
    ['an unknown suffix', pod(resources({ limits: { memory: '1ki' } })), "unable to parse quantity's suffix"],
    [
      'a bad init container limit',
      pod({ initContainers: [{ name: 'i', image: 'i', resources: { limits: { cpu: '1.2.3' } } }] }),
      QUANTITY_FORMAT_ERROR,
    ],
    ['a bad pod overhead', pod({ overhead: { cpu: 'x' } }), QUANTITY_FORMAT_ERROR],
    [
      'a bad emptyDir size limit',
      pod({ volumes: [{ name: 'v', emptyDir: { sizeLimit: '1 GB' } }] }),
      QUANTITY_FORMAT_ERROR,
    ],
  ])('refuses %s with the quantity parse error, 400 BadRequest', (_name, object, reason) => {
    const error = refusal(object);
    expect({ code: error?.code, reason: error?.reason, message: error?.message }).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: `Pod in version "v1" cannot be handled as a Pod: ${reason}`,
    });
  });

  it('lets a bad quantity win over an earlier type mismatch, which Go only remembers', () => {
    const error = refusal(pod({ hostNetwork: 'yes', ...resources({ limits: { cpu: 'abc' } }) }));
    expect(error?.message).toBe(`Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_FORMAT_ERROR}`);
  });

  it('accepts well-typed values, nulls, and either form where Kubernetes takes either', () => {
    const object = pod(
      {
        terminationGracePeriodSeconds: 30,
        activeDeadlineSeconds: null,
        hostNetwork: false,
        containers: [
          {
            name: 'a',
            image: 'i',
            ports: [{ containerPort: 80 }],
            // Quantities and int-or-string ports take numbers and strings.
            resources: { limits: { cpu: 1, memory: '1Gi' }, requests: { cpu: ' 500m ', memory: '1e3' } },
            readinessProbe: { httpGet: { port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 } },
          },
        ],
      },
      { name: 'p', labels: { a: 'b' }, generation: 2 },
    );
    expect(refusal(object)).toBeUndefined();
  });
});
