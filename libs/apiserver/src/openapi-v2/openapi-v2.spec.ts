import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { GROUNDKUBE_RESOURCES } from '../discovery';
import { encodeSwaggerProtobuf } from './gnostic-encoding';
import { createOpenAPIV2Service } from './openapi-v2-service';
import { buildSwaggerDocument } from './swagger-document';

/** Reads the length-delimited fields of one message as (field number, bytes) pairs. */
function fields(bytes: Uint8Array): [number, Uint8Array][] {
  const reader = new BinaryReader(bytes);
  const out: [number, Uint8Array][] = [];
  while (reader.pos < reader.len) {
    const [field, type] = reader.tag();
    if (type === WireType.LengthDelimited) out.push([field, reader.bytes()]);
    else reader.skip(type);
  }
  return out;
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('OpenAPI v2', () => {
  it('has a PATCH operation with the GVK and fieldValidation for every kind', () => {
    const document = buildSwaggerDocument(GROUNDKUBE_RESOURCES);
    const patched = Object.values(document.paths)
      .flatMap((item) => (item.patch ? [item.patch] : []))
      .filter((op) => op.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'))
      .map((op) => op['x-kubernetes-group-version-kind'].kind);
    expect(new Set(patched)).toEqual(new Set(['Pod', 'Node', 'Namespace', 'Event', 'Service', 'Lease']));
  });

  it('encodes gnostic Document fields: swagger, paths with named path items and PATCH operations', () => {
    const document = buildSwaggerDocument(GROUNDKUBE_RESOURCES);
    const top = fields(encodeSwaggerProtobuf(document));
    expect(text(top.find(([f]) => f === 1)![1])).toBe('2.0');
    const paths = fields(top.find(([f]) => f === 8)![1]).filter(([f]) => f === 2);
    expect(paths).toHaveLength(Object.keys(document.paths).length);

    const podPath = paths
      .map(([, bytes]) => fields(bytes))
      .find(
        (named) => text(named.find(([f]) => f === 1)![1]) === '/api/v1/namespaces/{namespace}/pods/{name}',
      )!;
    const item = fields(podPath.find(([f]) => f === 2)![1]);
    const patch = fields(item.find(([f]) => f === 8)![1]);
    const extensions = patch.filter(([f]) => f === 13).map(([, bytes]) => fields(bytes));
    const gvk = extensions.find((e) => text(e[0]![1]) === 'x-kubernetes-group-version-kind')!;
    const yaml = text(fields(gvk[1]![1]).find(([f]) => f === 2)![1]);
    expect(yaml).toContain('kind: Pod');
    // ParametersItem → Parameter → NonBodyParameter → QueryParameterSubSchema → name (4)
    const names = patch
      .filter(([f]) => f === 8)
      .map(([, item8]) => fields(fields(item8)[0]![1]))
      .filter((param) => param[0]![0] === 2)
      .map((param) => fields(fields(param[0]![1])[0]![1]).find(([f]) => f === 4)?.[1])
      .map((bytes) => (bytes ? text(bytes) : ''));
    expect(names).toContain('fieldValidation');
  });

  it('answers protobuf only to clients that ask for it', () => {
    const service = createOpenAPIV2Service(GROUNDKUBE_RESOURCES);
    expect(service.reply('application/com.github.proto-openapi.spec.v2@v1.0+protobuf').contentType).toBe(
      'application/octet-stream',
    );
    const json = service.reply('application/json');
    expect(json.contentType).toBe('application/json');
    expect(JSON.parse(json.body.toString('utf8'))).toMatchObject({ swagger: '2.0' });
  });
});
