// The command tree (commander), global flags, and the one place that turns errors into kubectl's messages and
// exit codes. `runKubectl` never throws: it returns the exit code.

import { Command, CommanderError, Option } from 'commander';

import { runApiVersions } from '../commands/api-versions';
import { runApply } from '../commands/apply';
import { runCreate } from '../commands/create';
import { runDelete } from '../commands/delete';
import { runDescribe } from '../commands/describe';
import { runGet } from '../commands/get';
import { runGetRaw } from '../commands/get-raw';
import { runAnnotate, runLabel } from '../commands/label';
import { runLogs } from '../commands/logs';
import { runApiResources, runClusterInfo, runVersion } from '../commands/server-info';
import { registerConfigCommands } from '../commands/config';
import { runWait } from '../commands/wait';
import { CommandContext, type GlobalFlags } from './command-context';
import { suggestCommands } from './command-suggestions';
import { describeError } from './error-report';
import { PrintedError } from '../errors';
import type { KubectlIO } from './io';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const splitList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').filter((part) => part !== ''),
];

interface Runner {
  run: (ctx: CommandContext) => Promise<void>;
}

export async function runKubectl(argv: string[], io: KubectlIO): Promise<number> {
  let runner: Runner | undefined;
  let globals: GlobalFlags = {};
  const program = buildProgram(io, (command, run) => {
    globals = command.optsWithGlobals() as GlobalFlags;
    runner = { run };
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.help' ||
        err.code === 'commander.version'
      ) {
        return 0;
      }
      return err.exitCode === 0 ? 0 : 1;
    }
    io.stderr(`${describeError(err)}\n`);
    return 1;
  }
  if (!runner) return 0;
  const ctx = new CommandContext(io, globals);
  try {
    await runner.run(ctx);
    return 0;
  } catch (err) {
    if (io.signal.aborted) return 0;
    let server: string | undefined;
    try {
      server = ctx.connection.server;
    } catch {
      server = undefined;
    }
    io.stderr(`${describeError(err, server)}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}

/** kubectl's answer to positional arguments a command does not take (Go prints the list as `[a b]`). */
function unexpectedArgs(verb: string, args: string[]): PrintedError {
  return new PrintedError(
    `error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl ${verb} -h' for help and examples`,
  );
}

const LOGS_USAGE = [
  "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.",
  'POD or TYPE/NAME is a required argument for the logs command',
  "See 'kubectl logs -h' for help and examples",
].join('\n');

type Register = (command: Command, run: (ctx: CommandContext) => Promise<void>) => void;

function buildProgram(io: KubectlIO, register: Register): Command {
  const program = new Command('kubectl');
  program
    .description('kubectl controls the Kubernetes cluster manager (groundkube edition).')
    .option('--kubeconfig <path>', 'Path to the kubeconfig file to use for CLI requests.')
    .option('--context <name>', 'The name of the kubeconfig context to use')
    .option('--cluster <name>', 'The name of the kubeconfig cluster to use')
    .option('--user <name>', 'The name of the kubeconfig user to use')
    .option('-s, --server <address>', 'The address and port of the Kubernetes API server')
    .option('--token <token>', 'Bearer token for authentication to the API server')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option(
      '--insecure-skip-tls-verify',
      "If true, the server's certificate will not be checked for validity",
    )
    .option(
      '--request-timeout <duration>',
      'The length of time to wait before giving up on a single server request',
    )
    .option('--cache-dir <dir>', 'Accepted for compatibility; groundkube kubectl keeps no cache')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(kubectlStyleError(text, program)),
    });

  const command = (name: string, description: string): Command => {
    const sub = program.command(name).description(description).exitOverride();
    sub.configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(kubectlStyleError(text, sub)),
    });
    return sub;
  };

  command('get', 'Display one or many resources')
    .argument('[args...]', 'TYPE[,TYPE…] [NAME…] | TYPE/NAME…')
    .option('-o, --output <format>', 'Output format: json|yaml|name|wide|jsonpath=TEMPLATE')
    .option('-l, --selector <selector>', 'Label selector (e.g. -l key1=value1,key2=value2)')
    .option('--field-selector <selector>', 'Field selector (e.g. --field-selector status.phase=Running)')
    .option('-A, --all-namespaces', 'List the requested objects across all namespaces')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes')
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first')
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used')
    .option('--show-labels', 'Show all labels as the last column')
    .option('--no-headers', "Don't print headers")
    .option('-L, --label-columns <keys>', 'Label keys to present as columns', splitList)
    .option('--sort-by <jsonpath>', 'Sort the list by this JSONPath field (e.g. .metadata.name)')
    .option('--raw <path>', 'Raw URI to request from the server (e.g. /api/v1/namespaces)')
    .action(function (this: Command, args: string[]) {
      const opts = this.opts();
      const rawPath = opts['raw'] as string | undefined;
      if (rawPath !== undefined) {
        register(this, (ctx) =>
          runGetRaw(ctx, rawPath, { args, output: opts['output'] as string | undefined }),
        );
        return;
      }
      register(this, (ctx) =>
        runGet(ctx, args, {
          output: opts['output'] as string | undefined,
          selector: opts['selector'] as string | undefined,
          fieldSelector: opts['fieldSelector'] as string | undefined,
          allNamespaces: opts['allNamespaces'] === true,
          watch: opts['watch'] === true,
          watchOnly: opts['watchOnly'] === true,
          outputWatchEvents: opts['outputWatchEvents'] === true,
          showLabels: opts['showLabels'] === true,
          noHeaders: opts['headers'] === false,
          labelColumns: (opts['labelColumns'] as string[] | undefined) ?? [],
          sortBy: opts['sortBy'] as string | undefined,
        }),
      );
    });

  command('create', 'Create a resource from a file or from stdin')
    .option('-f, --filename <file>', 'Files, directories or - (stdin) with the resources to create', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--dry-run <mode>', 'none|server|client')
    .option('--validate <mode>', 'strict|warn|ignore|true|false', 'strict')
    .option('-o, --output <format>', 'json|yaml|name|jsonpath=…: print each object instead of a line')
    .allowExcessArguments(true)
    .action(function (this: Command) {
      const opts = this.opts();
      const unexpected = this.args;
      if (unexpected.length > 0) {
        register(this, () => Promise.reject(unexpectedArgs('create', unexpected)));
        return;
      }
      register(this, (ctx) =>
        runCreate(ctx, {
          filename: opts['filename'] as string[] | undefined,
          recursive: opts['recursive'] === true,
          dryRun: opts['dryRun'] as string | undefined,
          validate: opts['validate'] as string | undefined,
          output: opts['output'] as string | undefined,
        }),
      );
    });

  command('apply', 'Apply a configuration to a resource by file name or stdin')
    .option(
      '-f, --filename <file>',
      'Files, directories or - (stdin) with the configuration to apply',
      collect,
    )
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--validate <mode>', 'strict|warn|ignore|true|false', 'strict')
    .option('--server-side', 'Apply on the server (apply-patch) instead of the client-side three-way merge')
    .option('--force-conflicts', 'With --server-side, take over fields owned by other managers')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership')
    .allowExcessArguments(true)
    .action(function (this: Command) {
      const opts = this.opts();
      const unexpected = this.args;
      if (unexpected.length > 0) {
        register(this, () => Promise.reject(unexpectedArgs('apply', unexpected)));
        return;
      }
      register(this, (ctx) =>
        runApply(ctx, {
          filename: opts['filename'] as string[] | undefined,
          recursive: opts['recursive'] === true,
          validate: opts['validate'] as string | undefined,
          serverSide: opts['serverSide'] === true,
          forceConflicts: opts['forceConflicts'] === true,
          fieldManager: opts['fieldManager'] as string | undefined,
        }),
      );
    });

  command('describe', 'Show details of a specific resource or group of resources')
    .argument('[args...]', 'TYPE NAME… | TYPE/NAME…')
    .option('-l, --selector <selector>', 'Label selector')
    .option('--show-events <bool>', 'If true, display events related to the described object', 'true')
    .action(function (this: Command, args: string[]) {
      const opts = this.opts();
      register(this, (ctx) =>
        runDescribe(ctx, args, {
          selector: opts['selector'] as string | undefined,
          showEvents: opts['showEvents'] !== 'false',
        }),
      );
    });

  command(
    'delete',
    'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  )
    .argument('[args...]', 'TYPE NAME… | TYPE/NAME…')
    .option('-f, --filename <file>', 'Files with the resources to delete', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('-l, --selector <selector>', 'Label selector')
    .option('--field-selector <selector>', 'Field selector')
    .option('--all', 'Delete all resources, in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'Delete the requested objects across all namespaces')
    .option(
      '--grace-period <seconds>',
      'Seconds given to the resource to terminate gracefully (-1: its default)',
    )
    .option('--now', 'Signal resources for immediate shutdown (same as --grace-period=1)')
    .option('--force', 'Immediately remove resources from the API, bypassing graceful deletion')
    .addOption(new Option('--wait [bool]', 'Wait for resources to be gone before returning').default('true'))
    .option('--timeout <duration>', 'Length of time to wait before giving up on a delete (0: no limit)')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .action(function (this: Command, args: string[]) {
      const opts = this.opts();
      register(this, (ctx) =>
        runDelete(ctx, args, {
          filename: opts['filename'] as string[] | undefined,
          recursive: opts['recursive'] === true,
          selector: opts['selector'] as string | undefined,
          fieldSelector: opts['fieldSelector'] as string | undefined,
          all: opts['all'] === true,
          allNamespaces: opts['allNamespaces'] === true,
          gracePeriod: opts['gracePeriod'] as string | undefined,
          now: opts['now'] === true,
          force: opts['force'] === true,
          wait: opts['wait'] !== 'false' && opts['wait'] !== false,
          timeout: opts['timeout'] as string | undefined,
          ignoreNotFound: opts['ignoreNotFound'] === true,
        }),
      );
    });

  command('logs', 'Print the logs for a container in a pod')
    .argument('[pod]', 'POD or pod/POD')
    .argument('[container]', 'Container name (same as -c)')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('-f, --follow', 'Specify if the logs should be streamed')
    .option('--tail <lines>', 'Lines of recent log file to display (-1: all)', '-1')
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h')
    .option('-p, --previous', 'Print the logs for the previous instance of the container')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option('--limit-bytes <bytes>', 'Maximum bytes of logs to return')
    .action(function (this: Command, pod: string | undefined, container: string | undefined) {
      const opts = this.opts();
      if (pod === undefined) {
        register(this, () => Promise.reject(new PrintedError(LOGS_USAGE)));
        return;
      }
      register(this, (ctx) =>
        runLogs(ctx, pod, {
          container: (opts['container'] as string | undefined) ?? container,
          follow: opts['follow'] === true,
          tail: opts['tail'] as string,
          since: opts['since'] as string | undefined,
          previous: opts['previous'] === true,
          timestamps: opts['timestamps'] === true,
          limitBytes: opts['limitBytes'] as string | undefined,
        }),
      );
    });

  command('wait', 'Wait for a specific condition on one or many resources')
    .argument('[args...]', 'TYPE NAME… | TYPE/NAME…')
    .option('--for <condition>', 'condition=NAME[=VALUE] or delete', '')
    .option('--timeout <duration>', 'How long to wait before giving up', '30s')
    .option('-l, --selector <selector>', 'Label selector')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .action(function (this: Command, args: string[]) {
      const opts = this.opts();
      register(this, (ctx) =>
        runWait(ctx, args, {
          for: opts['for'] as string,
          timeout: opts['timeout'] as string,
          selector: opts['selector'] as string | undefined,
          all: opts['all'] === true,
        }),
      );
    });

  for (const [name, run] of [
    ['label', runLabel],
    ['annotate', runAnnotate],
  ] as const) {
    command(
      name,
      name === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    )
      .argument('[args...]', `TYPE NAME KEY=VALUE… | TYPE/NAME KEY=VALUE… | KEY-`)
      .option('--overwrite', 'Allow existing values to be overwritten')
      .option('-l, --selector <selector>', 'Label selector')
      .option('--all', 'Select all resources in the namespace of the specified resource types')
      .action(function (this: Command, args: string[]) {
        const opts = this.opts();
        register(this, (ctx) =>
          run(ctx, args, {
            overwrite: opts['overwrite'] === true,
            selector: opts['selector'] as string | undefined,
            all: opts['all'] === true,
          }),
        );
      });
  }

  command('version', 'Print the client and server version information')
    .option('--client', 'If true, shows client version only (no server required)')
    .option('-o, --output <format>', 'One of yaml or json')
    .action(function (this: Command) {
      const opts = this.opts();
      register(this, (ctx) =>
        runVersion(ctx, {
          clientOnly: opts['client'] === true,
          output: opts['output'] as string | undefined,
        }),
      );
    });

  command('api-resources', 'Print the supported API resources on the server')
    .option('--namespaced <bool>', 'If false, non-namespaced resources will be returned')
    .option('-o, --output <format>', 'wide or name')
    .option('--no-headers', "Don't print headers")
    .action(function (this: Command) {
      const opts = this.opts();
      register(this, (ctx) =>
        runApiResources(ctx, {
          namespaced: opts['namespaced'] as string | undefined,
          output: opts['output'] as string | undefined,
          noHeaders: opts['headers'] === false,
        }),
      );
    });

  command(
    'api-versions',
    'Print the supported API versions on the server, in the form of "group/version"',
  ).action(function (this: Command) {
    register(this, (ctx) => runApiVersions(ctx));
  });

  command('cluster-info', 'Display cluster information').action(function (this: Command) {
    register(this, (ctx) => runClusterInfo(ctx));
  });

  registerConfigCommands(command('config', 'Modify kubeconfig files'), register, io);
  return program;
}

/** kubectl's wording for flag errors (cobra's, capitalised): `Error: unknown flag: --foo` plus a pointer to --help. */
function kubectlStyleError(text: string, command: Command): string {
  const path: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) path.unshift(current.name());
  // An unknown command is answered as cobra does: the command quoted, and the near ones suggested (our own
  // list, not commander's single guess). Below the root (`config foo`) kubectl answers with its usage hint.
  const unknownCommand = /unknown command '([^']+)'/.exec(text);
  if (unknownCommand) {
    const typed = unknownCommand[1] ?? '';
    if (command.parent) {
      return `error: unknown command "${typed}"\nSee '${path.join(' ')} -h' for help and examples\n`;
    }
    const names = command.commands.map((sub) => sub.name());
    const suggestions = suggestCommands(typed, names);
    const list =
      suggestions.length > 0
        ? `\n\nDid you mean this?\n${suggestions.map((name) => `\t${name}\n`).join('')}`
        : '';
    return `Error: unknown command "${typed}" for "${path.join(' ')}"${list}\n`;
  }
  const unknown = /unknown option '([^']+)'/.exec(text);
  const body = unknown ? `Error: unknown flag: ${unknown[1]}` : text.trim();
  return `${body}\nSee '${path.join(' ')} --help' for usage.\n`;
}
