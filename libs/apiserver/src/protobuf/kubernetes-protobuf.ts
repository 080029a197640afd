// Request bodies in Kubernetes' protobuf encoding (Content-Type application/vnd.kubernetes.protobuf),
// which kubectl's typed clients send: `kubectl create namespace`, `kubectl create service`, and the
// DeleteOptions and Eviction bodies of `kubectl drain`.
// The body is the magic "k8s\0" then runtime.Unknown { TypeMeta typeMeta = 1 { apiVersion = 1;
// kind = 2 }; bytes raw = 2; ... } with the object's own message in `raw`. Field numbers follow
// k8s.io/api's generated.proto; only the kinds and fields below are understood.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import {
  BOOL,
  INT,
  INT_OR_STRING,
  ProtobufDecodeError,
  STRING,
  STRING_MAP,
  TIME,
  decodeMessage,
  message,
  type MessageSchema,
} from './wire-schema';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

const OBJECT_META: MessageSchema = {
  1: { name: 'name', type: STRING },
  2: { name: 'generateName', type: STRING },
  3: { name: 'namespace', type: STRING },
  5: { name: 'uid', type: STRING },
  6: { name: 'resourceVersion', type: STRING },
  7: { name: 'generation', type: INT },
  8: { name: 'creationTimestamp', type: TIME },
  11: { name: 'labels', type: STRING_MAP },
  12: { name: 'annotations', type: STRING_MAP },
  14: { name: 'finalizers', type: STRING, repeated: true },
};

const NAMESPACE: MessageSchema = {
  1: { name: 'metadata', type: message(OBJECT_META) },
  2: { name: 'spec', type: message({ 1: { name: 'finalizers', type: STRING, repeated: true } }) },
  3: { name: 'status', type: message({ 1: { name: 'phase', type: STRING } }) },
};

const SERVICE_PORT: MessageSchema = {
  1: { name: 'name', type: STRING },
  2: { name: 'protocol', type: STRING },
  3: { name: 'port', type: INT },
  4: { name: 'targetPort', type: INT_OR_STRING },
  5: { name: 'nodePort', type: INT },
  6: { name: 'appProtocol', type: STRING },
};

const SERVICE: MessageSchema = {
  1: { name: 'metadata', type: message(OBJECT_META) },
  2: {
    name: 'spec',
    type: message({
      1: { name: 'ports', type: message(SERVICE_PORT), repeated: true },
      2: { name: 'selector', type: STRING_MAP },
      3: { name: 'clusterIP', type: STRING },
      4: { name: 'type', type: STRING },
      5: { name: 'externalIPs', type: STRING, repeated: true },
      7: { name: 'sessionAffinity', type: STRING },
      8: { name: 'loadBalancerIP', type: STRING },
      10: { name: 'externalName', type: STRING },
      11: { name: 'externalTrafficPolicy', type: STRING },
      12: { name: 'healthCheckNodePort', type: INT },
      13: { name: 'publishNotReadyAddresses', type: BOOL },
    }),
  },
};

/** meta/v1 Preconditions: both are Go pointers. */
const PRECONDITIONS: MessageSchema = {
  1: { name: 'uid', type: STRING, optional: true },
  2: { name: 'resourceVersion', type: STRING, optional: true },
};

/** meta/v1 DeleteOptions; every scalar is a Go pointer, so 0 and false arrive only when meant. */
const DELETE_OPTIONS: MessageSchema = {
  1: { name: 'gracePeriodSeconds', type: INT, optional: true },
  2: { name: 'preconditions', type: message(PRECONDITIONS) },
  3: { name: 'orphanDependents', type: BOOL, optional: true },
  4: { name: 'propagationPolicy', type: STRING, optional: true },
  5: { name: 'dryRun', type: STRING, repeated: true },
};

/** policy/v1 Eviction: which pod, and how to delete it. */
const EVICTION: MessageSchema = {
  1: { name: 'metadata', type: message(OBJECT_META) },
  2: { name: 'deleteOptions', type: message(DELETE_OPTIONS) },
};

/** `apiVersion/kind` → the object's message schema. */
const KINDS: Readonly<Record<string, MessageSchema>> = {
  'v1/Namespace': NAMESPACE,
  'v1/Service': SERVICE,
  'policy/v1/Eviction': EVICTION,
};

/**
 * Kinds without ObjectMeta that every group version registers (a client sends DeleteOptions with the
 * group version of the resource it deletes): understood whatever their apiVersion.
 */
const OPTIONS_KINDS: Readonly<Record<string, MessageSchema>> = {
  DeleteOptions: DELETE_OPTIONS,
};

function schemaOf(apiVersion: string, kind: string): MessageSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  if (Object.hasOwn(KINDS, key)) return KINDS[key];
  return Object.hasOwn(OPTIONS_KINDS, kind) ? OPTIONS_KINDS[kind] : undefined;
}

/** The body is protobuf of a kind not listed above: 415. */
export class UnsupportedProtobufKindError extends Error {
  readonly code = 'PROTOBUF_KIND_UNSUPPORTED';

  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(
      `protobuf request bodies are understood for ${[...Object.keys(KINDS), ...Object.keys(OPTIONS_KINDS)].join(', ')} only, not ${apiVersion}/${kind}: send application/json`,
    );
    this.name = 'UnsupportedProtobufKindError';
  }
}

function unknownEnvelope(bytes: Uint8Array): { apiVersion: string; kind: string; raw: Uint8Array } {
  const reader = new BinaryReader(bytes);
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) {
      const typeMeta = decodeMessage(reader.bytes(), {
        1: { name: 'apiVersion', type: STRING },
        2: { name: 'kind', type: STRING },
      });
      apiVersion = String(typeMeta['apiVersion'] ?? '');
      kind = String(typeMeta['kind'] ?? '');
    } else if (field === 2 && wire === WireType.LengthDelimited) {
      raw = reader.bytes();
    } else {
      reader.skip(wire);
    }
  }
  return { apiVersion, kind, raw };
}

/**
 * Decodes a protobuf request body into the object's JSON form (with apiVersion and kind). Throws
 * ProtobufDecodeError (400) for malformed bytes and UnsupportedProtobufKindError (415) for kinds
 * not understood.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < MAGIC.length || MAGIC.some((byte, i) => body[i] !== byte)) {
    throw new ProtobufDecodeError('the protobuf body does not start with the Kubernetes "k8s\\0" prefix');
  }
  let envelope: ReturnType<typeof unknownEnvelope>;
  try {
    envelope = unknownEnvelope(body.subarray(MAGIC.length));
  } catch (error) {
    throw new ProtobufDecodeError(`malformed protobuf envelope: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const schema = schemaOf(envelope.apiVersion, envelope.kind);
  if (schema === undefined) throw new UnsupportedProtobufKindError(envelope.apiVersion, envelope.kind);
  const object = decodeMessage(envelope.raw, schema);
  const decoded = { apiVersion: envelope.apiVersion, kind: envelope.kind, ...object };
  return Object.hasOwn(OPTIONS_KINDS, envelope.kind)
    ? decoded
    : { ...decoded, metadata: object['metadata'] ?? {} };
}
