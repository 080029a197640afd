// Request bodies: read with a size limit, decoded from JSON or YAML into one object.
import type { IncomingMessage } from 'node:http';
import { parseAllDocuments } from 'yaml';
import { ProtobufDecodeError } from '../protobuf/wire-schema';
import { UnsupportedProtobufKindError, decodeKubernetesProtobuf } from '../protobuf/kubernetes-protobuf';
import { ApiError, badRequest, unsupportedMediaType } from '../registry/api-errors';

/** Kubernetes' limit on request bodies (3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body; 413 RequestEntityTooLarge past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        `the request body is larger than the limit of ${limit} bytes`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

function decodeYaml(body: string): unknown {
  const documents = parseAllDocuments(body);
  if (!Array.isArray(documents)) return undefined;
  const nonEmpty = documents.filter((d) => d.contents !== null);
  const first = nonEmpty[0];
  if (first === undefined) return undefined;
  if (nonEmpty.length > 1) throw badRequest('the request body holds more than one YAML document');
  const problem = first.errors[0];
  if (problem !== undefined) throw badRequest(`error converting YAML to JSON: ${problem.message}`);
  return first.toJS() as unknown;
}

function decodeProtobuf(bytes: Buffer): Record<string, unknown> {
  try {
    return decodeKubernetesProtobuf(bytes);
  } catch (error) {
    if (error instanceof UnsupportedProtobufKindError) {
      throw new ApiError(415, 'UnsupportedMediaType', error.message);
    }
    if (error instanceof ProtobufDecodeError) throw badRequest(error.message);
    throw error;
  }
}

/**
 * The media types an object body may be sent in, as Kubernetes lists them for the core group. The
 * first is what a request without a Content-Type is read as.
 */
export const OBJECT_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
] as const;

/**
 * Decodes an object body by its Content-Type, as Kubernetes' input negotiation does: JSON, YAML, or
 * Kubernetes protobuf for the kinds ../protobuf understands; no Content-Type means JSON. Any other
 * type, curl's default application/x-www-form-urlencoded and text/plain included, is refused with
 * 415 UnsupportedMediaType whatever the body holds.
 */
export function decodeObjectBody(contentType: string | undefined, bytes: Buffer): Record<string, unknown> {
  const type =
    contentType === undefined || contentType.trim() === '' ? OBJECT_MEDIA_TYPES[0] : mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobuf(bytes);
  const body = bytes.toString('utf8');
  let value: unknown;
  if (type === 'application/json') value = decodeJson(body);
  else if (type === 'application/yaml') value = decodeYaml(body);
  else throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
  if (value === undefined || body.trim() === '') throw badRequest('the request body is empty');
  if (!isPlainObject(value)) {
    throw badRequest("couldn't get version/kind; json parse error: the body is not an object");
  }
  return value;
}

/** Decodes an optional body (DELETE options): empty means {}. */
export function decodeOptionalBody(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  return body.toString('utf8').trim() === '' ? {} : decodeObjectBody(contentType, body);
}
