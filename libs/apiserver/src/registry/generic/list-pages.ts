// A filtered, paged read: selectors are applied after reading, so a page of `limit` matches may
// take several storage pages. The continue token then points just after the last match returned.
import type { KubeObject } from '@groundkube/api';
import { encodeContinue, type ListResult, type Storage } from '@groundkube/storage';

export interface FilteredListParams {
  readonly storage: Storage;
  readonly prefix: string;
  /** Undefined when nothing is filtered (every object matches). */
  readonly filter: ((object: KubeObject) => boolean) | undefined;
  /** The key of an object below `prefix`, without the prefix. */
  readonly relativeKey: (object: KubeObject) => string;
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
  readonly revision?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export async function listFiltered(params: FilteredListParams): Promise<ListResult> {
  const { storage, prefix, filter, signal } = params;
  const limit = params.limit && params.limit > 0 ? params.limit : 0;
  if (!filter) {
    return storage.list(prefix, { limit, continue: params.continue, revision: params.revision, signal });
  }
  if (limit === 0) {
    const all = await storage.list(prefix, { continue: params.continue, revision: params.revision, signal });
    return { items: all.items.filter(filter), revision: all.revision };
  }

  const items: KubeObject[] = [];
  let token = params.continue;
  for (;;) {
    const page = await storage.list(prefix, {
      limit,
      continue: token,
      revision: token ? undefined : params.revision,
      signal,
    });
    for (let i = 0; i < page.items.length; i++) {
      const item = page.items[i]!;
      if (!filter(item)) continue;
      items.push(item);
      if (items.length < limit) continue;
      const more = i < page.items.length - 1 || page.continue !== undefined;
      if (!more) return { items, revision: page.revision };
      // '\0' sorts before every other character: the next read starts just after this key.
      const next = encodeContinue({ revision: page.revision, start: `${params.relativeKey(item)}\u0000` });
      return { items, revision: page.revision, continue: next };
    }
    if (!page.continue) return { items, revision: page.revision };
    token = page.continue;
  }
}

/** Every object below `prefix` at `revision` (newest when undefined), read in pages. */
export async function listAll(
  storage: Storage,
  prefix: string,
  revision: number | undefined,
  signal?: AbortSignal,
): Promise<ListResult> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  let readAt = revision;
  for (;;) {
    const page = await storage.list(prefix, {
      limit: 500,
      continue: token,
      revision: token ? undefined : readAt,
      signal,
    });
    items.push(...page.items);
    readAt = page.revision;
    if (!page.continue) return { items, revision: page.revision };
    token = page.continue;
  }
}
