// Kubeconfig loading and merging.
//
// Why not @kubernetes/client-node's KubeConfig: the package is ESM-only and pulls in a large dependency tree;
// our apps are CJS esbuild bundles and tests run through @swc/jest in CJS mode, where requiring an ESM-only
// package needs experimental VM modules. Reading kubeconfig is a YAML read plus small merge rules, so we use
// the `yaml` package and write those rules here:
// - `--kubeconfig FILE`: only that file (it must exist).
// - else `$KUBECONFIG`: a ':'-separated list; missing files are skipped; for each named cluster, user and
//   context the first file that defines it wins, and the first non-empty current-context wins.
// - else `~/.kube/config` when it exists.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import YAML from 'yaml';

import { KubectlError } from '../errors';

export interface KubeCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  [key: string]: unknown;
}

export interface KubeUser {
  token?: string;
  tokenFile?: string;
  [key: string]: unknown;
}

export interface KubeContext {
  cluster?: string;
  user?: string;
  namespace?: string;
  [key: string]: unknown;
}


/** A kubeconfig document after merging, in kubeconfig's on-disk shape. */
export interface KubeConfigFile {
  apiVersion?: string;
  kind?: string;
  preferences?: Record<string, unknown>;
  'current-context'?: string;
  clusters?: { name: string; cluster: KubeCluster }[];
  users?: { name: string; user: KubeUser }[];
  contexts?: { name: string; context: KubeContext }[];
  [key: string]: unknown;
}

export interface KubeConfigSources {
  /** `--kubeconfig`. */
  explicitPath?: string | undefined;
  /** `$KUBECONFIG`. */
  envPaths?: string | undefined;
  /** `$HOME`; `~/.kube/config` is the default file. */
  home?: string | undefined;
}

export interface LoadedKubeConfig {
  config: KubeConfigFile;
  /** Files that were read, in precedence order. */
  files: string[];
  /** Where `config set-context`/`use-context` write: the explicit file, else the first env file, else ~/.kube/config. */
  writeTarget: string;
}

export function kubeConfigFiles(sources: KubeConfigSources): { files: string[]; writeTarget: string } {
  if (sources.explicitPath) return { files: [sources.explicitPath], writeTarget: sources.explicitPath };
  const home = sources.home ?? homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  if (sources.envPaths) {
    const listed = sources.envPaths.split(path.delimiter).filter((file) => file !== '');
    const present = listed.filter((file) => existsSync(file));
    return { files: present, writeTarget: present[0] ?? listed[0] ?? defaultFile };
  }
  return { files: existsSync(defaultFile) ? [defaultFile] : [], writeTarget: defaultFile };
}

export function loadKubeConfig(sources: KubeConfigSources): LoadedKubeConfig {
  const { files, writeTarget } = kubeConfigFiles(sources);
  if (sources.explicitPath && !existsSync(sources.explicitPath)) {
    throw new KubectlError(`stat ${sources.explicitPath}: no such file or directory`);
  }
  const docs = files.map((file) => parseKubeConfig(readFileSync(file, 'utf8'), file));
  return { config: mergeKubeConfigs(docs), files, writeTarget };
}

export function parseKubeConfig(text: string, file: string): KubeConfigFile {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new KubectlError(`error loading config file "${file}": ${(err as Error).message}`, { cause: err });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new KubectlError(`error loading config file "${file}": not a kubeconfig mapping`);
  }
  return value as KubeConfigFile;
}

/** Merges documents in precedence order: the first definition of each name, and the first current-context. */
export function mergeKubeConfigs(docs: KubeConfigFile[]): KubeConfigFile {
  const merged: KubeConfigFile = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [],
    users: [],
    contexts: [],
    'current-context': '',
  };
  for (const doc of docs) {
    if (!merged['current-context'] && doc['current-context']) merged['current-context'] = doc['current-context'];
    mergeNamed(merged.clusters ?? [], doc.clusters);
    mergeNamed(merged.users ?? [], doc.users);
    mergeNamed(merged.contexts ?? [], doc.contexts);
  }
  return merged;
}

function mergeNamed<T extends { name: string }>(into: T[], from: T[] | undefined): void {
  for (const entry of from ?? []) {
    if (entry && typeof entry.name === 'string' && !into.some((existing) => existing.name === entry.name)) {
      into.push(entry);
    }
  }
}

/** Flags that override what kubeconfig says. */
export interface ConnectionOverrides {
  context?: string | undefined;
  cluster?: string | undefined;
  user?: string | undefined;
  server?: string | undefined;
  token?: string | undefined;
  namespace?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
}

/** Everything a command needs to reach the API server. */
export interface Connection {
  server: string;
  token: string | undefined;
  namespace: string;
  /** True when -n/--namespace was given (create/apply then reject objects of another namespace). */
  namespaceExplicit: boolean;
  contextName: string;
  ca: string | Buffer | undefined;
  insecureSkipTlsVerify: boolean;
}

/** With no kubeconfig at all, kubectl talks to the insecure local port, as it always has. */
export const DEFAULT_SERVER = 'http://localhost:8080';

export function resolveConnection(config: KubeConfigFile, overrides: ConnectionOverrides): Connection {
  const contextName = overrides.context || config['current-context'] || '';
  const context = config.contexts?.find((entry) => entry.name === contextName)?.context;
  if (overrides.context && context === undefined) {
    throw new KubectlError(`context was not found for specified context: ${overrides.context}`);
  }
  const clusterName = overrides.cluster || context?.cluster || '';
  const userName = overrides.user || context?.user || '';
  const cluster = config.clusters?.find((entry) => entry.name === clusterName)?.cluster;
  const user = config.users?.find((entry) => entry.name === userName)?.user;
  if (overrides.cluster && cluster === undefined) {
    throw new KubectlError(`cluster "${overrides.cluster}" does not exist`);
  }

  let token = overrides.token || user?.token;
  if (!token && user?.tokenFile) token = readFileSync(user.tokenFile, 'utf8').trim();
  let ca: string | Buffer | undefined;
  if (cluster?.['certificate-authority-data']) {
    ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
  } else if (cluster?.['certificate-authority']) {
    ca = readFileSync(cluster['certificate-authority']);
  }
  return {
    server: overrides.server || cluster?.server || DEFAULT_SERVER,
    token: token || undefined,
    namespace: overrides.namespace || context?.namespace || 'default',
    namespaceExplicit: Boolean(overrides.namespace),
    contextName,
    ca,
    insecureSkipTlsVerify: overrides.insecureSkipTlsVerify ?? cluster?.['insecure-skip-tls-verify'] === true,
  };
}

/** Writes a kubeconfig file (creating its folder), as `config use-context` and `set-context` do. */
export function writeKubeConfig(file: string, config: KubeConfigFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, YAML.stringify(config, { indentSeq: false }), { mode: 0o600 });
}

/** Reads one file for editing (an empty config when it does not exist yet). */
export function readKubeConfigFile(file: string): KubeConfigFile {
  if (!existsSync(file)) return { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  return parseKubeConfig(readFileSync(file, 'utf8'), file);
}
