// version, api-resources and cluster-info: what the server says about itself.

import type { CommandContext } from '../cli/command-context';
import { KubectlError, UsageError } from '../errors';
import { apiVersionOf } from '../discovery/resource-mapper';
import { printJson, printYaml } from '../printers/object-printer';
import { GET_TABLE_LAYOUT, alignColumns } from '../printers/tab-writer';

/** This kubectl's version. Reported as 1.32 (the API level it speaks) with a groundkube suffix. */
export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-groundkube',
  gitCommit: 'unknown',
  gitTreeState: 'clean',
  buildDate: '1970-01-01T00:00:00Z',
  goVersion: 'node20',
  compiler: 'esbuild',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

export interface VersionOptions {
  clientOnly?: boolean;
  output?: string | undefined;
}

export async function runVersion(ctx: CommandContext, options: VersionOptions): Promise<void> {
  if (options.output !== undefined && options.output !== 'json' && options.output !== 'yaml') {
    throw new UsageError(`--output must be 'yaml' or 'json'`);
  }
  const serverVersion = () =>
    ctx.client.request<{ gitVersion?: string }>({ method: 'GET', path: '/version', signal: ctx.io.signal });
  // What is known of the client is printed even when the server cannot be reached; then the error.
  if (options.output) {
    const print = (server?: object): void => {
      const value = { clientVersion: CLIENT_VERSION, ...(server ? { serverVersion: server } : {}) };
      ctx.io.stdout(options.output === 'json' ? printJson(value) : printYaml(value));
    };
    if (options.clientOnly) return print();
    let server;
    try {
      server = await serverVersion();
    } catch (err) {
      print();
      throw err;
    }
    return print(server);
  }
  ctx.io.stdout(`Client Version: ${CLIENT_VERSION.gitVersion}\n`);
  if (options.clientOnly) return;
  const server = await serverVersion();
  ctx.io.stdout(`Server Version: ${server.gitVersion ?? ''}\n`);
}

export interface ApiResourcesOptions {
  namespaced?: string | undefined;
  output?: string | undefined;
  noHeaders?: boolean;
}

export async function runApiResources(ctx: CommandContext, options: ApiResourcesOptions): Promise<void> {
  let resources = [...(await ctx.mapper.all())];
  if (options.namespaced !== undefined) {
    const wanted = options.namespaced !== 'false';
    resources = resources.filter((resource) => resource.namespaced === wanted);
  }
  resources.sort((a, b) => (a.group === b.group ? cmp(a.resource, b.resource) : cmp(a.group, b.group)));
  if (options.output === 'name') {
    ctx.io.stdout(
      resources.map((r) => `${r.group === '' ? r.resource : `${r.resource}.${r.group}`}\n`).join(''),
    );
    return;
  }
  const wide = options.output === 'wide';
  const header = [
    'NAME',
    'SHORTNAMES',
    'APIVERSION',
    'NAMESPACED',
    'KIND',
    ...(wide ? ['VERBS', 'CATEGORIES'] : []),
  ];
  const rows = resources.map((resource) => [
    resource.resource,
    resource.shortNames.join(','),
    apiVersionOf(resource),
    String(resource.namespaced),
    resource.kind,
    ...(wide ? [[...new Set(resource.verbs)].sort().join(','), resource.categories.join(',')] : []),
  ]);
  const lines = options.noHeaders ? rows : [header, ...rows];
  ctx.io.stdout(alignColumns(lines.map((cells) => cells.join('\t')).join('\n') + '\n', GET_TABLE_LAYOUT));
}

export async function runClusterInfo(ctx: CommandContext): Promise<void> {
  const services = await ctx.mapper.resolve('services');
  const list = await ctx.client.list(
    { resource: services, namespace: 'kube-system' },
    { labelSelector: 'kubernetes.io/cluster-service=true', signal: ctx.io.signal },
  );
  const server = ctx.connection.server;
  const colour = ctx.io.stdoutIsTerminal === true;
  const green = (text: string) => (colour ? `\x1b[0;32m${text}\x1b[0m` : text);
  const yellow = (text: string) => (colour ? `\x1b[0;33m${text}\x1b[0m` : text);
  ctx.io.stdout(`${green('Kubernetes control plane')} is running at ${yellow(server)}\n`);
  for (const service of list.items) {
    const name = service.metadata.labels?.['kubernetes.io/name'] ?? service.metadata.name ?? '';
    const link = `${server}/api/v1/namespaces/kube-system/services/${service.metadata.name ?? ''}/proxy`;
    ctx.io.stdout(`${green(name)} is running at ${yellow(link)}\n`);
  }
  ctx.io.stdout(`\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  if (!server) throw new KubectlError('no server');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
