// Connection errors in the words of Go's net package, which is what users of the real kubelet see in
// "Readiness probe failed: …" events.

/** e.g. `dial tcp 172.17.0.3:81: connect: connection refused`. */
export function dialError(address: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${address}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${address}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${address}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${address}: read: connection reset by peer`;
    case 'ETIMEDOUT':
      return `dial tcp ${address}: i/o timeout`;
    default:
      return `dial tcp ${address}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
