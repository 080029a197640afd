// kubectl create -f: POSTs every object of the manifests, reporting each failure and going on with the rest.
// --dry-run=client sends nothing and prints the objects as they would be sent; -o prints each object (the
// server's answer, or the manifest's under a client dry run) instead of the `created` line.

import type { KubeObject } from '@groundkube/api';
import { StatusError } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { FailureList, serverErrorMessage } from '../cli/error-report';
import { KubectlError, UsageError } from '../errors';
import { readManifests } from '../manifests/manifest-reader';
import { objectName, printJson, printYaml } from '../printers/object-printer';
import { manifestTarget, typedName } from './manifest-target';
import { noPrinterError, parseOutputFormat, printJsonPath, type OutputFormat } from './output-format';

export interface CreateOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  validate?: string;
  output?: string;
}

type DryRun = 'none' | 'client' | 'server';

function parseDryRun(value: string | undefined): DryRun {
  if (value === undefined || value === 'none' || value === 'client' || value === 'server')
    return value ?? 'none';
  throw new UsageError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

/** What create's -o accepts here: objects, never tables (kubectl's list adds its Go templates). */
const CREATE_OUTPUT_FORMATS = ['json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'yaml'];

/** create prints objects, never tables: json, yaml, name and jsonpath. */
function createOutputFormat(output: string | undefined): OutputFormat | undefined {
  if (output === undefined || output === '') return undefined;
  const format =
    output === 'wide' || output.startsWith('custom-columns') ? undefined : parseOutputFormat(output);
  if (format === undefined || format.kind === 'table' || format.kind === 'custom-columns') {
    throw noPrinterError(output, CREATE_OUTPUT_FORMATS);
  }
  return format;
}

function printObject(format: OutputFormat, object: KubeObject): string {
  switch (format.kind) {
    case 'json':
      return printJson(object);
    case 'yaml':
      return printYaml(object);
    case 'jsonpath':
      return printJsonPath(format, object);
    default:
      return `${objectName(object)}\n`;
  }
}

export async function runCreate(ctx: CommandContext, options: CreateOptions): Promise<void> {
  if (!options.filename || options.filename.length === 0) {
    throw new UsageError('must specify one of -f and -k');
  }
  const dryRun = parseDryRun(options.dryRun);
  const format = createOutputFormat(options.output);
  const items = await readManifests({
    filenames: options.filename,
    recursive: options.recursive,
    readStdin: ctx.io.readStdin,
  });
  const failures = new FailureList();
  let printed = 0;
  for (const item of items) {
    try {
      const { resource, target } = await manifestTarget(ctx, item, {
        validating: fieldValidation(options.validate) !== 'Ignore',
      });
      const created =
        dryRun === 'client'
          ? item.object
          : await ctx.client.create({ ...target, name: undefined }, item.object, {
              fieldManager: 'kubectl-create',
              fieldValidation: fieldValidation(options.validate),
              dryRun: dryRun === 'server',
              signal: ctx.io.signal,
            });
      if (format) {
        // kubectl's YAML printer separates the documents it prints, its JSON printer does not.
        if (format.kind === 'yaml' && printed > 0) ctx.io.stdout('---\n');
        ctx.io.stdout(printObject(format, created));
        printed += 1;
        continue;
      }
      const suffix = dryRun === 'server' ? ' (server dry run)' : dryRun === 'client' ? ' (dry run)' : '';
      ctx.io.stdout(`${typedName(resource, created)} created${suffix}\n`);
    } catch (err) {
      if (err instanceof StatusError)
        failures.add(serverErrorMessage(err, `error when creating "${item.source}"`), err);
      else if (err instanceof KubectlError) failures.add(`error: ${err.message}`);
      else throw err;
    }
  }
  failures.throwIfAny();
}

/** `--validate` as the fieldValidation query parameter (strict by default, as kubectl 1.32). */
export function fieldValidation(validate: string | undefined): 'Strict' | 'Warn' | 'Ignore' {
  if (validate === 'false' || validate === 'ignore') return 'Ignore';
  if (validate === 'warn') return 'Warn';
  return 'Strict';
}
