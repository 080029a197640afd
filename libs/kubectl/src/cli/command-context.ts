// What every command gets: the resolved connection (kubeconfig + flags), one RestClient, discovery, and the IO.

import { RestClient } from '@groundkube/client';

import { loadKubeConfig, resolveConnection, type Connection, type LoadedKubeConfig } from '../config/kubeconfig';
import { ResourceMapper } from '../discovery/resource-mapper';
import type { KubectlIO } from './io';

/** The global flags kubectl accepts before or after the command. */
export interface GlobalFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  namespace?: string;
  insecureSkipTlsVerify?: boolean;
  requestTimeout?: string;
}

export const USER_AGENT = 'kubectl/v1.32.4 (linux/amd64) groundkube/v0.1.0';

export class CommandContext {
  private loaded: LoadedKubeConfig | undefined;
  private connectionValue: Connection | undefined;
  private clientValue: RestClient | undefined;
  private mapperValue: ResourceMapper | undefined;

  constructor(
    readonly io: KubectlIO,
    readonly flags: GlobalFlags,
  ) {}

  get kubeConfig(): LoadedKubeConfig {
    this.loaded ??= loadKubeConfig({
      explicitPath: this.flags.kubeconfig,
      envPaths: this.io.env['KUBECONFIG'],
      home: this.io.env['HOME'],
    });
    return this.loaded;
  }

  get connection(): Connection {
    this.connectionValue ??= resolveConnection(this.kubeConfig.config, {
      context: this.flags.context,
      cluster: this.flags.cluster,
      user: this.flags.user,
      server: this.flags.server,
      token: this.flags.token,
      namespace: this.flags.namespace,
      insecureSkipTlsVerify: this.flags.insecureSkipTlsVerify,
    });
    return this.connectionValue;
  }

  get namespace(): string {
    return this.connection.namespace;
  }

  get client(): RestClient {
    const connection = this.connection;
    this.clientValue ??= new RestClient({
      server: connection.server,
      token: connection.token,
      userAgent: USER_AGENT,
      timeoutMs: parseDuration(this.flags.requestTimeout) ?? 0,
      tls:
        connection.ca !== undefined || connection.insecureSkipTlsVerify
          ? { ca: connection.ca, rejectUnauthorized: !connection.insecureSkipTlsVerify }
          : undefined,
    });
    return this.clientValue;
  }

  get mapper(): ResourceMapper {
    this.mapperValue ??= new ResourceMapper(this.client, this.io.signal);
    return this.mapperValue;
  }

  close(): void {
    this.clientValue?.close();
  }
}

/** Go-style durations as kubectl flags take them: `30s`, `1m30s`, `2h`, `500ms`, or plain seconds. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text === '0') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return Number.NaN;
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 1000);
    rest = rest.slice(match[0].length);
  }
  return total;
}
