// The four patch types of the Kubernetes API, named by the request's Content-Type.
import { UnsupportedPatchTypeError } from './errors';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const BY_MEDIA_TYPE: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Maps a Content-Type header (parameters such as charset ignored) to its patch type, or throws 415. */
export function patchTypeFromContentType(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const type = BY_MEDIA_TYPE[mediaType];
  if (type === undefined) throw new UnsupportedPatchTypeError(contentType ?? '');
  return type;
}
