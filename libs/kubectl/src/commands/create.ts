// kubectl create -f: POSTs every object of the manifests, reporting each failure and going on with the rest.

import { StatusError } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { FailureList, serverErrorMessage } from '../cli/error-report';
import { KubectlError, UsageError } from '../errors';
import { readManifests } from '../manifests/manifest-reader';
import { manifestTarget, typedName } from './manifest-target';

export interface CreateOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  validate?: string;
}

export async function runCreate(ctx: CommandContext, options: CreateOptions): Promise<void> {
  if (!options.filename || options.filename.length === 0) {
    throw new UsageError('must specify one of -f and -k');
  }
  const items = await readManifests({
    filenames: options.filename,
    recursive: options.recursive,
    readStdin: ctx.io.readStdin,
  });
  const failures = new FailureList();
  for (const item of items) {
    try {
      const { resource, target } = await manifestTarget(ctx, item);
      const created = await ctx.client.create({ ...target, name: undefined }, item.object, {
        fieldManager: 'kubectl-create',
        fieldValidation: fieldValidation(options.validate),
        dryRun: options.dryRun === 'server',
        signal: ctx.io.signal,
      });
      const suffix = options.dryRun === 'server' ? ' (server dry run)' : '';
      ctx.io.stdout(`${typedName(resource, created)} created${suffix}\n`);
    } catch (err) {
      if (err instanceof StatusError) failures.add(serverErrorMessage(err, `error when creating "${item.source}"`), err);
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
