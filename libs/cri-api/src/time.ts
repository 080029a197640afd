// CRI times are int64 nanoseconds since the epoch (0 = unset); these convert at the edges.

export function nanosToDate(nanos: bigint): Date | undefined {
  if (nanos <= 0n) return undefined;
  return new Date(Number(nanos / 1_000_000n));
}

export function dateToNanos(date: Date | string | undefined): bigint {
  if (date === undefined) return 0n;
  const ms = typeof date === 'string' ? Date.parse(date) : date.getTime();
  // Docker reports "0001-01-01T00:00:00Z" for never: negative milliseconds mean unset.
  if (!Number.isFinite(ms) || ms <= 0) return 0n;
  return BigInt(ms) * 1_000_000n;
}
