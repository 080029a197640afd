// Serves /openapi/v2 as protobuf (what kubectl asks for) or JSON, computed once, with an ETag.
import { createHash } from 'node:crypto';
import type { ResourceCatalogue } from '../discovery';
import { OPENAPI_V2_PROTOBUF, encodeSwaggerProtobuf } from './gnostic-encoding';
import { buildSwaggerDocument } from './swagger-document';

export interface OpenAPIV2Reply {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

export interface OpenAPIV2Service {
  /** The representation the Accept header asks for: protobuf when it names OPENAPI_V2_PROTOBUF, else JSON. */
  reply(accept: string | undefined): OpenAPIV2Reply;
}

function withEtag(body: Buffer, contentType: string): OpenAPIV2Reply {
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  return { body, contentType, etag: `"${hash}"` };
}

export function createOpenAPIV2Service(catalogue: ResourceCatalogue): OpenAPIV2Service {
  const document = buildSwaggerDocument(catalogue);
  const json = withEtag(Buffer.from(JSON.stringify(document)), 'application/json');
  // Go clients parse the reply's Content-Type, and '@' in gnostic's media type is not valid there:
  // the bytes go out as application/octet-stream, as kube-apiserver sends them.
  const protobuf = withEtag(Buffer.from(encodeSwaggerProtobuf(document)), 'application/octet-stream');
  return {
    reply: (accept) => ((accept ?? '').includes(OPENAPI_V2_PROTOBUF) ? protobuf : json),
  };
}
