// kubectl config view | get-contexts | current-context | use-context | set-context: reading and editing
// kubeconfig files (the other edits are in config-edit.ts). No server is contacted.

import type { Command } from 'commander';

import type { CommandContext } from '../cli/command-context';
import type { KubectlIO } from '../cli/io';
import {
  mergeKubeConfigs,
  readKubeConfigFile,
  writeKubeConfig,
  type KubeConfigFile,
} from '../config/kubeconfig';
import { KubectlError, UsageError } from '../errors';
import { printJson, printYaml, sortKeys } from '../printers/object-printer';
import { registerConfigEditCommands } from './config-edit';
import { parseOutputFormat } from './output-format';
import { GET_TABLE_LAYOUT, alignColumns } from '../printers/tab-writer';

type Register = (command: Command, run: (ctx: CommandContext) => Promise<void>) => void;

export function registerConfigCommands(config: Command, register: Register, io: KubectlIO): void {
  const sub = (name: string, description: string): Command =>
    config
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });

  sub('view', 'Display merged kubeconfig settings or a specified kubeconfig file')
    .option('-o, --output <format>', 'yaml, json, name or jsonpath=TEMPLATE', 'yaml')
    .option('--minify', 'Remove all information not used by the current context')
    .option('--raw', 'Display raw byte data and sensitive data')
    .action(function (this: Command) {
      const opts = this.opts();
      register(this, async (ctx) =>
        configView(ctx, opts['output'] as string, opts['minify'] === true, opts['raw'] === true),
      );
    });

  registerConfigEditCommands(sub, register);

  sub('current-context', 'Display the current-context').action(function (this: Command) {
    register(this, async (ctx) => {
      const current = ctx.kubeConfig.config['current-context'];
      if (!current) throw new KubectlError('current-context is not set');
      ctx.io.stdout(`${current}\n`);
    });
  });

  sub('get-contexts', 'Describe one or many contexts')
    .argument('[name]')
    .option('--no-headers', "Don't print headers")
    .option('-o, --output <format>', 'name')
    .action(function (this: Command, name: string | undefined) {
      const opts = this.opts();
      register(this, async (ctx) =>
        getContexts(ctx, name, opts['headers'] === false, opts['output'] as string | undefined),
      );
    });

  sub('use-context', 'Set the current-context in a kubeconfig file')
    .argument('<name>')
    .action(function (this: Command, name: string) {
      register(this, async (ctx) => {
        if (!ctx.kubeConfig.config.contexts?.some((entry) => entry.name === name)) {
          throw new KubectlError(`no context exists with the name: "${name}"`);
        }
        const file = ctx.kubeConfig.writeTarget;
        const doc = readKubeConfigFile(file);
        doc['current-context'] = name;
        writeKubeConfig(file, doc);
        ctx.io.stdout(`Switched to context "${name}".\n`);
      });
    });

  sub('set-context', 'Set a context entry in kubeconfig')
    .argument('[name]')
    .option('--current', 'Modify the current context')
    .option('--cluster <cluster>')
    .option('--user <user>')
    .option('--namespace <namespace>')
    .action(function (this: Command, name: string | undefined) {
      const opts = this.opts();
      register(this, async (ctx) => {
        const contextName = opts['current'] ? ctx.kubeConfig.config['current-context'] : name;
        if (!contextName) throw new KubectlError('you must specify a non-empty context name or --current');
        const file = ctx.kubeConfig.writeTarget;
        const doc = readKubeConfigFile(file);
        doc.contexts ??= [];
        let entry = doc.contexts.find((context) => context.name === contextName);
        const existed = entry !== undefined;
        if (!entry) {
          entry = { name: contextName, context: {} };
          doc.contexts.push(entry);
        }
        // --cluster, --user and --namespace are also global flags, which commander hands to the root command.
        const values = this.optsWithGlobals();
        for (const key of ['cluster', 'user', 'namespace'] as const) {
          const value = values[key] as string | undefined;
          if (value !== undefined) entry.context[key] = value;
        }
        writeKubeConfig(file, doc);
        ctx.io.stdout(`Context "${contextName}" ${existed ? 'modified' : 'created'}.\n`);
      });
    });
}

function configView(ctx: CommandContext, output: string, minify: boolean, raw: boolean): void {
  let config: KubeConfigFile = structuredClone(ctx.kubeConfig.config);
  if (minify) {
    const contextName = config['current-context'];
    const context = config.contexts?.find((entry) => entry.name === contextName);
    if (!context) throw new KubectlError('current-context must exist in order to minify');
    config = mergeKubeConfigs([
      {
        'current-context': contextName,
        contexts: [context],
        clusters: config.clusters?.filter((entry) => entry.name === context.context.cluster),
        users: config.users?.filter((entry) => entry.name === context.context.user),
      },
    ]);
  }
  if (!raw) {
    for (const user of config.users ?? []) {
      if (user.user.token) user.user = { ...user.user, token: 'REDACTED' };
    }
    for (const cluster of config.clusters ?? []) {
      if (cluster.cluster['certificate-authority-data']) {
        cluster.cluster = { ...cluster.cluster, 'certificate-authority-data': 'DATA+OMITTED' };
      }
    }
  }
  // kubectl keeps these as maps by name, so it prints them sorted by name.
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  config.clusters = [...(config.clusters ?? [])].sort(byName);
  config.contexts = [...(config.contexts ?? [])].sort(byName);
  config.users = [...(config.users ?? [])].sort(byName);
  const ordered = {
    apiVersion: 'v1',
    clusters: config.clusters?.length ? config.clusters : null,
    contexts: config.contexts?.length ? config.contexts : null,
    'current-context': config['current-context'] ?? '',
    kind: 'Config',
    preferences: {},
    users: config.users?.length ? config.users : null,
  };
  ctx.io.stdout(printConfig(output, ordered));
}

const CONFIG_VIEW_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** `config view -o …`: yaml (default), json in client-go's field order, name, or a JSONPath template. */
function printConfig(output: string, ordered: Parameters<typeof inStructOrder>[0]): string {
  if (output === 'yaml') return printYaml(ordered);
  if (output === 'json') return printJson(inStructOrder(ordered), { keepOrder: true });
  // kubectl's name printer finds no metadata.name in a Config.
  if (output === 'name') return 'config/<unknown>\n';
  const jsonpath = /^jsonpath=(.*)$/s.exec(output);
  if (!jsonpath) {
    throw new UsageError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: ${CONFIG_VIEW_FORMATS}`,
    );
  }
  const format = parseOutputFormat(output);
  if (format.kind !== 'jsonpath') throw new KubectlError(`unexpected output format ${output}`);
  // The template sees the Config as JSON decoded into maps: keys sorted, as in -o json of an object.
  return format.template.execute(sortKeys(inStructOrder(ordered)));
}

function getContexts(
  ctx: CommandContext,
  name: string | undefined,
  noHeaders: boolean,
  output: string | undefined,
): void {
  const config = ctx.kubeConfig.config;
  const contexts = (config.contexts ?? [])
    .filter((entry) => name === undefined || entry.name === name)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (name !== undefined && contexts.length === 0) throw new KubectlError(`context ${name} not found`);
  if (output === 'name') {
    ctx.io.stdout(contexts.map((entry) => `${entry.name}\n`).join(''));
    return;
  }
  const rows = contexts.map((entry) => [
    entry.name === config['current-context'] ? '*' : '',
    entry.name,
    entry.context.cluster ?? '',
    entry.context.user ?? '',
    entry.context.namespace ?? '',
  ]);
  const lines = noHeaders ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows];
  ctx.io.stdout(alignColumns(lines.map((cells) => cells.join('\t')).join('\n') + '\n', GET_TABLE_LAYOUT));
}

/** Picks `keys` of `value` in that order, then any others in theirs. */
function pick(value: object, keys: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of [...keys, ...Object.keys(source)])
    if (key in source && !(key in out)) out[key] = source[key];
  return out;
}

// Field order of client-go's clientcmd v1 types, which `config view -o json` follows.
const CLUSTER_FIELDS = [
  'server',
  'tls-server-name',
  'insecure-skip-tls-verify',
  'certificate-authority',
  'certificate-authority-data',
  'proxy-url',
  'disable-compression',
  'extensions',
];
const USER_FIELDS = [
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'as',
  'as-uid',
  'as-groups',
  'as-user-extra',
  'username',
  'password',
  'auth-provider',
  'exec',
  'extensions',
];
const CONTEXT_FIELDS = ['cluster', 'user', 'namespace', 'extensions'];

function inStructOrder(config: {
  clusters: KubeConfigFile['clusters'] | null;
  contexts: KubeConfigFile['contexts'] | null;
  users: KubeConfigFile['users'] | null;
  'current-context': string;
}): Record<string, unknown> {
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters:
      config.clusters?.map((entry) => ({ name: entry.name, cluster: pick(entry.cluster, CLUSTER_FIELDS) })) ??
      null,
    users: config.users?.map((entry) => ({ name: entry.name, user: pick(entry.user, USER_FIELDS) })) ?? null,
    contexts:
      config.contexts?.map((entry) => ({ name: entry.name, context: pick(entry.context, CONTEXT_FIELDS) })) ??
      null,
    'current-context': config['current-context'],
  };
}
