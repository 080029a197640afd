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
};

const bytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');

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
