// kubectl config get-clusters | get-users | set-cluster | set-credentials | delete-context | delete-cluster |
// delete-user | rename-context | set | unset: small edits of the kubeconfig file kubectl writes to, worded as
// kubectl words them. No server is contacted.

import type { Command } from 'commander';

import type { CommandContext } from '../cli/command-context';
import { readKubeConfigFile, writeKubeConfig, type KubeConfigFile } from '../config/kubeconfig';
import { setProperty, unsetProperty } from '../config/property-path';
import { KubectlError } from '../errors';

type Register = (command: Command, run: (ctx: CommandContext) => Promise<void>) => void;
type SubCommand = (name: string, description: string) => Command;

/** Reads the file kubectl writes to, lets `change` edit it, writes it back. */
function editKubeConfig(ctx: CommandContext, change: (doc: KubeConfigFile, file: string) => void): void {
  const file = ctx.kubeConfig.writeTarget;
  const doc = readKubeConfigFile(file);
  change(doc, file);
  writeKubeConfig(file, doc);
}

export function registerConfigEditCommands(sub: SubCommand, register: Register): void {
  for (const [name, section] of [
    ['get-clusters', 'clusters'],
    ['get-users', 'users'],
  ] as const) {
    sub(name, `Display ${section} defined in the kubeconfig`).action(function (this: Command) {
      register(this, async (ctx) => {
        // kubectl walks a Go map here, so its order varies from run to run; ours is by name.
        const names = (ctx.kubeConfig.config[section] ?? []).map((entry) => entry.name).sort();
        ctx.io.stdout(['NAME', ...names].map((line) => `${line}\n`).join(''));
      });
    });
  }

  // --server, --insecure-skip-tls-verify and --token are also global flags, which commander hands to the
  // root command: read them with optsWithGlobals.
  sub('set-cluster', 'Set a cluster entry in kubeconfig')
    .argument('<name>')
    .option('--certificate-authority <path>', 'Path to certificate-authority file for the cluster entry')
    .option('--tls-server-name <name>', 'tls-server-name for the cluster entry')
    .action(function (this: Command, name: string) {
      const values = this.optsWithGlobals();
      register(this, async (ctx) => {
        editKubeConfig(ctx, (doc) => {
          const fields: Record<string, unknown> = {
            server: values['server'],
            'certificate-authority': values['certificateAuthority'],
            'tls-server-name': values['tlsServerName'],
            'insecure-skip-tls-verify': values['insecureSkipTlsVerify'] === true ? 'true' : undefined,
          };
          for (const [field, value] of Object.entries(fields)) {
            if (value !== undefined) setProperty(doc, `clusters.${name}.${field}`, String(value));
          }
          doc.clusters ??= [];
          if (!doc.clusters.some((entry) => entry.name === name)) doc.clusters.push({ name, cluster: {} });
        });
        ctx.io.stdout(`Cluster "${name}" set.\n`);
      });
    });

  sub('set-credentials', 'Set a user entry in kubeconfig')
    .argument('<name>')
    .option('--username <name>', 'username for the user entry')
    .option('--password <password>', 'password for the user entry')
    .action(function (this: Command, name: string) {
      const values = this.optsWithGlobals();
      register(this, async (ctx) => {
        editKubeConfig(ctx, (doc) => {
          const fields: Record<string, unknown> = {
            token: values['token'],
            username: values['username'],
            password: values['password'],
          };
          for (const [field, value] of Object.entries(fields)) {
            if (value !== undefined) setProperty(doc, `users.${name}.${field}`, String(value));
          }
          doc.users ??= [];
          if (!doc.users.some((entry) => entry.name === name)) doc.users.push({ name, user: {} });
        });
        ctx.io.stdout(`User "${name}" set.\n`);
      });
    });

  for (const [kind, section] of [
    ['context', 'contexts'],
    ['cluster', 'clusters'],
    ['user', 'users'],
  ] as const) {
    sub(`delete-${kind}`, `Delete the specified ${kind} from the kubeconfig`)
      .argument('<name>')
      .action(function (this: Command, name: string) {
        register(this, async (ctx) => {
          let wasCurrent = false;
          editKubeConfig(ctx, (doc, file) => {
            const list = (doc[section] ?? []) as { name: string }[];
            if (!list.some((entry) => entry.name === name)) {
              throw new KubectlError(`cannot delete ${kind} ${name}, not in ${file}`);
            }
            doc[section] = list.filter((entry) => entry.name !== name) as never;
            wasCurrent = kind === 'context' && doc['current-context'] === name;
          });
          if (wasCurrent) {
            ctx.io.stderr(
              'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
            );
          }
          ctx.io.stdout(`deleted ${kind} ${name} from ${ctx.kubeConfig.writeTarget}\n`);
        });
      });
  }

  sub('rename-context', 'Rename a context from the kubeconfig file')
    .argument('<old>')
    .argument('<new>')
    .action(function (this: Command, oldName: string, newName: string) {
      register(this, async (ctx) => {
        editKubeConfig(ctx, (doc, file) => {
          const entry = doc.contexts?.find((context) => context.name === oldName);
          if (!entry) throw new KubectlError(`cannot rename the context "${oldName}", it's not in ${file}`);
          if (doc.contexts?.some((context) => context.name === newName)) {
            throw new KubectlError(
              `cannot rename the context "${oldName}", the context "${newName}" already exists in ${file}`,
            );
          }
          entry.name = newName;
          if (doc['current-context'] === oldName) doc['current-context'] = newName;
        });
        ctx.io.stdout(`Context "${oldName}" renamed to "${newName}".\n`);
      });
    });

  sub('set', 'Set an individual value in a kubeconfig file')
    .argument('<property>')
    .argument('<value>')
    .action(function (this: Command, property: string, value: string) {
      register(this, async (ctx) => {
        editKubeConfig(ctx, (doc) => setProperty(doc, property, value));
        ctx.io.stdout(`Property "${property}" set.\n`);
      });
    });

  sub('unset', 'Unset an individual value in a kubeconfig file')
    .argument('<property>')
    .action(function (this: Command, property: string) {
      register(this, async (ctx) => {
        editKubeConfig(ctx, (doc) => unsetProperty(doc, property));
        ctx.io.stdout(`Property "${property}" unset.\n`);
      });
    });
}
