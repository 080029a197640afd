// Flag values of the API server, checked as commander parses them (each failure is one clear line).
import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** `http://127.0.0.1:2379,http://10.0.0.2:2379` → URLs; plain host:port gets http://. */
export function parseEtcdServers(value: string): string[] {
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (servers.length === 0) throw new InvalidArgumentError('must list at least one etcd URL');
  return servers.map((server) => {
    const withScheme = /^[a-z]+:\/\//i.test(server) ? server : `http://${server}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new InvalidArgumentError(`${JSON.stringify(server)} is not a URL like http://127.0.0.1:2379`);
    }
    if (url.protocol !== 'http:') {
      // TODO(#3): TLS to etcd (client certificates) is not supported yet.
      throw new InvalidArgumentError(`${JSON.stringify(server)}: only http:// etcd URLs are supported`);
    }
    if (url.port === '') throw new InvalidArgumentError(`${JSON.stringify(server)} has no port`);
    return `http://${url.host}`;
  });
}

/** An IPv4 or IPv6 CIDR such as 10.0.0.0/16. */
export function parseCidr(value: string): string {
  const [ip = '', bits = '', ...rest] = value.split('/');
  const family = isIP(ip);
  const max = family === 4 ? 32 : 128;
  const n = Number(bits);
  if (family === 0 || rest.length > 0 || bits === '' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a CIDR like 10.0.0.0/16`);
  }
  return value;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseLevel(value: string): string {
  if (!LEVELS.includes(value)) throw new InvalidArgumentError(`must be one of ${LEVELS.join(', ')}`);
  return value;
}

export function parseVerbosity(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

/** klog verbosity to a pino level: 0-1 info, 2-3 debug (per object), 4+ trace (per request). */
export function levelOf(verbosity: number): string {
  if (verbosity >= 4) return 'trace';
  if (verbosity >= 2) return 'debug';
  return 'info';
}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** A Go-style duration as Kubernetes' flags take them (`5m`, `1m30s`, `500ms`, `0`), in milliseconds. */
export function parseDuration(value: string): number {
  if (value === '0') return 0;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a duration like 5m, 90s or 1m30s`);
  }
  return parts.reduce((total, [, n, unit]) => total + Number(n) * UNIT_MS[unit!]!, 0);
}
