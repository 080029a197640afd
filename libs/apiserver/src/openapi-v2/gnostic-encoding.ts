// The protobuf form of a Swagger document that kubectl asks for
// (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf): the openapi.v2.Document
// message of Google's gnostic. Only the parts our documents use are written; field numbers follow
// gnostic's OpenAPIv2.proto. Vendor extensions carry their value as YAML text, as gnostic does.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { stringify } from 'yaml';
import {
  SWAGGER_METHODS,
  type SwaggerDocument,
  type SwaggerOperation,
  type SwaggerParameter,
  type SwaggerPathItem,
} from './swagger-document';

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

type Build = (w: BinaryWriter) => void;

function message(w: BinaryWriter, field: number, build: Build): void {
  w.tag(field, WireType.LengthDelimited).fork();
  build(w);
  w.join();
}

function string(w: BinaryWriter, field: number, value: string | undefined): void {
  if (value !== undefined && value !== '') w.tag(field, WireType.LengthDelimited).string(value);
}

function bool(w: BinaryWriter, field: number, value: boolean | undefined): void {
  if (value === true) w.tag(field, WireType.Varint).bool(true);
}

/** NamedAny { name = 1; Any value = 2 { yaml = 2 } }. */
function vendorExtension(w: BinaryWriter, field: number, name: string, value: unknown): void {
  message(w, field, (m) => {
    string(m, 1, name);
    message(m, 2, (any) => string(any, 2, stringify(value)));
  });
}

/** ParametersItem { Parameter parameter = 1 { body = 1 | NonBodyParameter = 2 } }. */
function parameter(w: BinaryWriter, field: number, p: SwaggerParameter): void {
  message(w, field, (item) =>
    message(item, 1, (param) => {
      if (p.in === 'body') {
        // BodyParameter { description = 1; name = 2; in = 3; required = 4; Schema schema = 5 { type = ... } }
        message(param, 1, (b) => {
          string(b, 1, p.description);
          string(b, 2, p.name);
          string(b, 3, p.in);
          bool(b, 4, p.required);
        });
        return;
      }
      // NonBodyParameter { query_parameter_sub_schema = 3 | path_parameter_sub_schema = 4 }
      message(param, 2, (nonBody) => {
        if (p.in === 'query') {
          message(nonBody, 3, (q) => {
            bool(q, 1, p.required);
            string(q, 2, p.in);
            string(q, 3, p.description);
            string(q, 4, p.name);
            string(q, 6, p.type);
            bool(q, 20, p.uniqueItems);
          });
        } else {
          message(nonBody, 4, (q) => {
            bool(q, 1, p.required);
            string(q, 2, p.in);
            string(q, 3, p.description);
            string(q, 4, p.name);
            string(q, 5, p.type);
            bool(q, 19, p.uniqueItems);
          });
        }
      });
    }),
  );
}

function operation(w: BinaryWriter, field: number, op: SwaggerOperation): void {
  message(w, field, (o) => {
    for (const tag of op.tags) string(o, 1, tag);
    string(o, 3, op.description);
    string(o, 5, op.operationId);
    for (const type of op.produces) string(o, 6, type);
    for (const type of op.consumes ?? []) string(o, 7, type);
    for (const p of op.parameters) parameter(o, 8, p);
    // Responses { NamedResponseValue response_code = 1 { name = 1; ResponseValue value = 2 { Response response = 1 } } }
    message(o, 9, (responses) => {
      for (const [code, response] of Object.entries(op.responses)) {
        message(responses, 1, (named) => {
          string(named, 1, code);
          message(named, 2, (value) => message(value, 1, (r) => string(r, 1, response.description)));
        });
      }
    });
    vendorExtension(o, 13, 'x-kubernetes-action', op['x-kubernetes-action']);
    vendorExtension(o, 13, 'x-kubernetes-group-version-kind', op['x-kubernetes-group-version-kind']);
  });
}

const METHOD_FIELDS: Readonly<Record<(typeof SWAGGER_METHODS)[number], number>> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  patch: 8,
};

function pathItem(w: BinaryWriter, item: SwaggerPathItem): void {
  for (const method of SWAGGER_METHODS) {
    const op = item[method];
    if (op !== undefined) operation(w, METHOD_FIELDS[method], op);
  }
  for (const p of item.parameters ?? []) parameter(w, 9, p);
}

/** The document as gnostic's openapi.v2.Document protobuf bytes. */
export function encodeSwaggerProtobuf(document: SwaggerDocument): Uint8Array {
  const w = new BinaryWriter();
  string(w, 1, document.swagger);
  message(w, 2, (info) => {
    string(info, 1, document.info.title);
    string(info, 2, document.info.version);
  });
  message(w, 8, (paths) => {
    for (const [name, item] of Object.entries(document.paths)) {
      message(paths, 2, (named) => {
        string(named, 1, name);
        message(named, 2, (p) => pathItem(p, item));
      });
    }
  });
  // Definitions stay empty: kubectl then builds strategic merge patches from its compiled-in types.
  message(w, 9, () => undefined);
  return w.finish();
}
