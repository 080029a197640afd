// What a call cut short by an AbortSignal rejects with.

/**
 * The signal's reason when it is an Error (abort() with no reason gives a DOMException named AbortError),
 * else a new Error named AbortError: a reason that is not an Error (abort('stop')) is not thrown as is.
 */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}
