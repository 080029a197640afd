// kubectl's resource builder, on a NotFound for a named object in a namespace other than default and
// kube-system, asks whether the namespace itself exists; when it does not, the namespace's NotFound is
// reported instead of the object's (`Error from server (NotFound): namespaces "x" not found`). Commands that write without fetching first
// (delete) keep the object's answer, as kubectl does.

import { NAMESPACES, StatusError, isNotFound } from '@groundkube/client';

import type { CommandContext } from './command-context';

/** Fetches a named object; a NotFound in a namespace that does not exist becomes the namespace's NotFound. */
export async function getInNamespace<T>(
  ctx: CommandContext,
  namespace: string | undefined,
  fetch: () => Promise<T>,
): Promise<T> {
  try {
    return await fetch();
  } catch (err) {
    throw await namespaceNotFoundInstead(ctx, err, namespace);
  }
}

/** `err`, or the namespace's NotFound when `err` is a NotFound and `namespace` is gone too. */
export async function namespaceNotFoundInstead(
  ctx: CommandContext,
  err: unknown,
  namespace: string | undefined,
): Promise<unknown> {
  // As kubectl's builder: default and kube-system are taken to exist, so their objects' NotFound stands.
  if (namespace === undefined || namespace === 'default' || namespace === 'kube-system' || !isNotFound(err)) {
    return err;
  }
  try {
    await ctx.client.get({ resource: NAMESPACES, name: namespace }, { signal: ctx.io.signal });
  } catch (namespaceErr) {
    if (namespaceErr instanceof StatusError && isNotFound(namespaceErr)) return namespaceErr;
  }
  return err;
}
