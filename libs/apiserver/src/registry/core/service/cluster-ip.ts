// Cluster IPs for services from --service-cluster-ip-range (IPv4). The addresses in use are read
// from the stored services at allocation time rather than kept in a bitmap of their own.
// TODO(#3): two services created at the same instant can draw the same free address; Kubernetes
// closes that race with an allocation bitmap updated in the same etcd transaction.

export class ServiceCIDR {
  readonly base: number;
  readonly size: number;

  constructor(readonly cidr: string) {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
    const octets = match?.slice(1, 5).map(Number) ?? [];
    const bits = Number(match?.[5]);
    if (!match || octets.some((o) => o > 255) || bits < 8 || bits > 30) {
      throw new Error(
        `invalid service cluster IP range ${JSON.stringify(cidr)}: want an IPv4 CIDR from /8 to /30`,
      );
    }
    this.size = 2 ** (32 - bits);
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    this.base = address - (address % this.size);
  }

  contains(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && n >= this.base && n < this.base + this.size;
  }

  /** The address at `offset` from the network address. */
  at(offset: number): string {
    return formatIPv4(this.base + offset);
  }

  /** Usable offsets: not the network or broadcast address, and not .1, which the `kubernetes` service owns. */
  get firstOffset(): number {
    return 2;
  }

  get lastOffset(): number {
    return this.size - 2;
  }
}

export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * A free address of `range` not in `used`: a random one first (so addresses are not reused right
 * away), then the first free one in order. Undefined when the range is full.
 */
export function pickFreeIP(
  range: ServiceCIDR,
  used: ReadonlySet<string>,
  random: () => number = Math.random,
): string | undefined {
  const span = range.lastOffset - range.firstOffset + 1;
  if (span <= 0) return undefined;
  for (let attempt = 0; attempt < 16; attempt++) {
    const candidate = range.at(range.firstOffset + Math.floor(random() * span));
    if (!used.has(candidate)) return candidate;
  }
  for (let offset = range.firstOffset; offset <= range.lastOffset; offset++) {
    const candidate = range.at(offset);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}
