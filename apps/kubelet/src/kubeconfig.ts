// Reads the API server address and credentials from a kubeconfig file (current context).

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

import { parse } from 'yaml';

export interface ServerCredentials {
  server: string;
  token?: string | undefined;
  ca?: Buffer | undefined;
  insecureSkipTLSVerify?: boolean | undefined;
}

interface Named<T> {
  name?: string;
  [key: string]: unknown;
  value?: T;
}

interface KubeconfigFile {
  'current-context'?: string;
  clusters?: (Named<never> & { cluster?: Record<string, unknown> })[];
  users?: (Named<never> & { user?: Record<string, unknown> })[];
  contexts?: (Named<never> & { context?: { cluster?: string; user?: string } })[];
}

export class KubeconfigError extends Error {
  readonly code = 'KUBELET_KUBECONFIG_INVALID';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The server, token and CA of the kubeconfig's current context (or its only context). */
export async function loadKubeconfig(file: string): Promise<ServerCredentials> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
  }
  let config: KubeconfigFile;
  try {
    config = (parse(text) ?? {}) as KubeconfigFile;
  } catch (err) {
    throw new KubeconfigError(`kubeconfig ${file} is not valid YAML: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const contexts = config.contexts ?? [];
  const contextName = config['current-context'] ?? (contexts.length === 1 ? contexts[0]?.name : undefined);
  const context = contexts.find((c) => c.name === contextName)?.context;
  const cluster = config.clusters?.find(
    (c) => c.name === (context?.cluster ?? config.clusters?.[0]?.name),
  )?.cluster;
  const user = config.users?.find((u) => u.name === (context?.user ?? config.users?.[0]?.name))?.user ?? {};
  const server = str(cluster?.['server']);
  if (server === undefined)
    throw new KubeconfigError(`kubeconfig ${file}: no server for context ${contextName ?? '(none)'}`);

  const dir = path.dirname(file);
  let token = str(user['token']);
  const tokenFile = str(user['tokenFile']);
  if (token === undefined && tokenFile !== undefined) {
    token = (await readFile(path.resolve(dir, tokenFile), 'utf8')).trim();
  }
  let ca: Buffer | undefined;
  const caData = str(cluster?.['certificate-authority-data']);
  const caFile = str(cluster?.['certificate-authority']);
  if (caData !== undefined) ca = Buffer.from(caData, 'base64');
  else if (caFile !== undefined) ca = await readFile(path.resolve(dir, caFile));
  return { server, token, ca, insecureSkipTLSVerify: cluster?.['insecure-skip-tls-verify'] === true };
}
