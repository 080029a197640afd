import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { UnsupportedProtobufKindError, decodeKubernetesProtobuf } from './kubernetes-protobuf';
import { ProtobufDecodeError } from './wire-schema';

// Bodies the real kubectl 1.32 sent, recorded on the wire.
const FIXTURES = {
  /** kubectl create namespace capns */
  namespace:
    '6b3873000a0f0a02763112094e616d657370616365121d0a150a056361706e7312001a0022002a0032003800420012001a020a001a002200',
  /** kubectl create service clusterip s1 --tcp=80:8080 */
  clusterIP:
    '6b3873000a0d0a02763112075365727669636512660a1d0a02733112001a0022002a003200380042005a090a036170701202733112410a1b0a0738302d38303830120354435018502207080010903f1a00280012090a03617070120273311a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  /** kubectl create service nodeport s2 --tcp=81:http --node-port=30001 */
  nodePort:
    '6b3873000a0d0a027631120753657276696365126a0a1d0a02733212001a0022002a003200380042005a090a036170701202733212450a200a0738312d6874747012035443501851220a080110001a046874747028b1ea0112090a03617070120273321a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
  /** kubectl drain vm --force --grace-period=1 (DELETE of each pod) */
  deleteGraceOne: '6b3873000a130a027631120d44656c6574654f7074696f6e73120208011a002200',
  /** kubectl drain vm --force --grace-period=0 */
  deleteGraceZero: '6b3873000a130a027631120d44656c6574654f7074696f6e73120208001a002200',
  /** kubectl drain vm --force --dry-run=server */
  deleteDryRun: '6b3873000a130a027631120d44656c6574654f7074696f6e7312052a03416c6c1a002200',
};

const bytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');

/** "k8s\0" + runtime.Unknown { typeMeta { apiVersion, kind }, raw }, as client-go writes it. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const unknown = new BinaryWriter();
  unknown.tag(1, 2).fork().tag(1, 2).string(apiVersion).tag(2, 2).string(kind).join();
  unknown.tag(2, 2).bytes(raw);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.finish()]);
}

/** DeleteOptions with every field set: preconditions, orphanDependents false, a policy, dryRun. */
function fullDeleteOptions(): Uint8Array {
  const options = new BinaryWriter();
  options.tag(1, 0).int64(30);
  options.tag(2, 2).fork().tag(1, 2).string('uid-1').tag(2, 2).string('42').join();
  options.tag(3, 0).bool(false);
  options.tag(4, 2).string('Foreground');
  options.tag(5, 2).string('All');
  return options.finish();
}

describe('decodeKubernetesProtobuf', () => {
  it('decodes a Namespace, leaving out the empty fields protobuf carries', () => {
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.namespace))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'capns' },
    });
  });

  it('decodes Services with int and named target ports', () => {
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.clusterIP))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's1', labels: { app: 's1' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 's1' },
        type: 'ClusterIP',
      },
    });
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.nodePort))).toMatchObject({
      spec: { ports: [{ name: '81-http', port: 81, targetPort: 'http', nodePort: 30001 }], type: 'NodePort' },
    });
  });

  it('refuses kinds it has no schema for, and malformed bytes', () => {
    // The namespace fixture with its kind renamed to "Namezpace".
    const renamed = Buffer.from(FIXTURES.namespace, 'hex');
    renamed.write('Namezpace', renamed.indexOf('Namespace'), 'latin1');
    expect(() => decodeKubernetesProtobuf(renamed)).toThrow(UnsupportedProtobufKindError);
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(ProtobufDecodeError);
    expect(() => decodeKubernetesProtobuf(bytes(FIXTURES.namespace.slice(0, 40)))).toThrow(
      ProtobufDecodeError,
    );
  });
});

describe('decodeKubernetesProtobuf: DeleteOptions and Eviction', () => {
  it('keeps a grace period of 0, which means "now", and reads dryRun', () => {
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.deleteGraceOne))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 1,
    });
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.deleteGraceZero))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
    });
    expect(decodeKubernetesProtobuf(bytes(FIXTURES.deleteDryRun))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      dryRun: ['All'],
    });
  });

  it('reads preconditions, orphanDependents (false kept) and propagationPolicy, under any group version', () => {
    const expected = {
      gracePeriodSeconds: 30,
      preconditions: { uid: 'uid-1', resourceVersion: '42' },
      orphanDependents: false,
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    };
    expect(decodeKubernetesProtobuf(envelope('v1', 'DeleteOptions', fullDeleteOptions()))).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...expected,
    });
    expect(
      decodeKubernetesProtobuf(envelope('policy/v1', 'DeleteOptions', fullDeleteOptions())),
    ).toMatchObject(expected);
  });

  it('decodes an Eviction with its delete options', () => {
    const eviction = new BinaryWriter();
    eviction.tag(1, 2).fork().tag(1, 2).string('sleeper').tag(3, 2).string('default').join();
    eviction.tag(2, 2).bytes(fullDeleteOptions());
    expect(decodeKubernetesProtobuf(envelope('policy/v1', 'Eviction', eviction.finish()))).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'sleeper', namespace: 'default' },
      deleteOptions: {
        gracePeriodSeconds: 30,
        preconditions: { uid: 'uid-1', resourceVersion: '42' },
        orphanDependents: false,
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      },
    });
  });

  it('refuses an Eviction outside policy/v1 and names of Object.prototype as kinds', () => {
    expect(() => decodeKubernetesProtobuf(envelope('v1', 'Eviction', new Uint8Array()))).toThrow(
      UnsupportedProtobufKindError,
    );
    expect(() => decodeKubernetesProtobuf(envelope('v1', 'constructor', new Uint8Array()))).toThrow(
      UnsupportedProtobufKindError,
    );
  });
});
