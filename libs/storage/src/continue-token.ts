// Continue tokens for paged lists: base64 JSON of the revision the first page was read at and the key
// to start the next page from (relative to the listed prefix, so a token cannot escape its prefix).
import { InvalidError } from './errors';
import type { ListOptions } from './storage';

export interface ContinuePosition {
  readonly revision: number;
  /** The next key to read, relative to the list prefix. */
  readonly start: string;
}

export function encodeContinue(position: ContinuePosition): string {
  const json = JSON.stringify({ v: 'meta.k8s.io/v1', rv: position.revision, start: position.start });
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    throw new InvalidError('continue key is not valid: illegal base64 or JSON', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidError('continue key is not valid');
  const record = parsed as Record<string, unknown>;
  const rv = record['rv'];
  const start = record['start'];
  if (record['v'] !== 'meta.k8s.io/v1')
    throw new InvalidError('continue key is not valid: incorrect encoded version');
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw new InvalidError('continue key is not valid: bad resource version');
  }
  if (typeof start !== 'string' || start.startsWith('/') || start.split('/').includes('..')) {
    throw new InvalidError('continue key is not valid: bad start key');
  }
  return { revision: rv, start };
}

/**
 * Where a list page starts: the revision to read at (undefined for the newest) and the first key, absolute.
 * A continue token overrides options.revision with the revision its first page was read at.
 */
export function pageStart(
  prefix: string,
  options: ListOptions,
): { revision: number | undefined; start: string } {
  if (!options.continue) {
    return {
      revision: options.revision && options.revision > 0 ? options.revision : undefined,
      start: prefix,
    };
  }
  const position = decodeContinue(options.continue);
  return { revision: position.revision, start: prefix + position.start };
}

/** The token for the page after one that ended at `lastKey` (absolute), read at `revision`. */
export function continueAfter(prefix: string, revision: number, lastKey: string): string {
  // The smallest key greater than lastKey: it and nothing before it is on the next page.
  return encodeContinue({ revision, start: `${lastKey.slice(prefix.length)}\u0000` });
}
