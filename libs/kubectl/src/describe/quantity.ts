// Resource quantities ("100m", "128Mi", "2") as numbers, for describe node's request/limit totals.
// TODO(#5): canonical formatting follows only the common cases (m / whole units, Ki/Mi/Gi), not every suffix
// round-trip that apimachinery's Quantity supports.

const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

export function parseQuantity(text: string | undefined): number {
  if (!text) return 0;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text.trim());
  if (!match) return 0;
  return Number(match[1]) * (SUFFIXES[match[2] ?? ''] ?? 1);
}

export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  if (milli === 0) return '0';
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}
