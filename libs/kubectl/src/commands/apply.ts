// kubectl apply -f: client-side apply (the default) keeps the applied manifest in the last-applied-configuration
// annotation and patches with a three-way strategic merge patch; --server-side sends an apply patch instead.

import type { KubeObject } from '@groundkube/api';
import { StatusError, isNotFound } from '@groundkube/client';

import {
  LAST_APPLIED_ANNOTATION,
  lastAppliedValue,
  threeWayMergePatch,
  type JsonMap,
} from '../apply/three-way-patch';
import type { CommandContext } from '../cli/command-context';
import { FailureList, serverErrorMessage } from '../cli/error-report';
import { KubectlError, PrintedError, UsageError } from '../errors';
import { readManifests, type ManifestObject } from '../manifests/manifest-reader';
import { fieldValidation } from './create';
import { manifestTarget, typedName, type ManifestTarget } from './manifest-target';

export interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  validate?: string;
  serverSide?: boolean;
  forceConflicts?: boolean;
  fieldManager?: string;
}

export async function runApply(ctx: CommandContext, options: ApplyOptions): Promise<void> {
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
      const target = await manifestTarget(ctx, item, {
        validating: fieldValidation(options.validate) !== 'Ignore',
      });
      const verb = options.serverSide
        ? await applyServerSide(ctx, item, target, options)
        : await applyClientSide(ctx, item, target, options);
      ctx.io.stdout(`${typedName(target.resource, item.object)} ${verb}\n`);
    } catch (err) {
      if (err instanceof PrintedError) failures.add(err.message, err.cause);
      else if (err instanceof StatusError)
        failures.add(serverErrorMessage(err, applyContext(err, item)), err);
      else if (err instanceof KubectlError) failures.add(`error: ${err.message}`);
      else throw err;
    }
  }
  failures.throwIfAny();
}

function applyContext(err: StatusError, item: ManifestObject): string {
  const { object } = item;
  return `error when applying patch:\n${JSON.stringify(object)}\n\nto:\nResource: "${object.apiVersion}, Kind=${object.kind}", Name: "${object.metadata.name ?? ''}", Namespace: "${object.metadata.namespace ?? ''}"\nfor: "${item.source}"`;
}

async function applyClientSide(
  ctx: CommandContext,
  item: ManifestObject,
  { target, resource }: ManifestTarget,
  options: ApplyOptions,
): Promise<string> {
  const manifest = structuredClone(item.object) as KubeObject;
  // kubectl records the manifest after setting and then removing its own annotation, so a manifest without
  // annotations is recorded with `"annotations":{}`.
  manifest.metadata.annotations = { ...manifest.metadata.annotations };
  delete manifest.metadata.annotations[LAST_APPLIED_ANNOTATION];
  const modified = structuredClone(manifest);
  modified.metadata.annotations = {
    ...modified.metadata.annotations,
    [LAST_APPLIED_ANNOTATION]: lastAppliedValue(manifest as unknown as JsonMap),
  };
  const fieldManager = options.fieldManager ?? 'kubectl-client-side-apply';
  const validation = fieldValidation(options.validate);

  let current: KubeObject;
  try {
    current = await ctx.client.get(target, { signal: ctx.io.signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await ctx.client.create({ ...target, name: undefined }, modified, {
        fieldManager,
        fieldValidation: validation,
        signal: ctx.io.signal,
      });
    } catch (createErr) {
      if (createErr instanceof StatusError) {
        throw new PrintedError(serverErrorMessage(createErr, `error when creating "${item.source}"`), {
          cause: createErr,
        });
      }
      throw createErr;
    }
    return 'created';
  }

  const previous = current.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (previous === undefined) {
    ctx.io.stderr(
      `Warning: resource ${resource.resource}/${current.metadata.name ?? ''} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  const patch = threeWayMergePatch({
    original: previous !== undefined ? parseLastApplied(previous) : undefined,
    modified: modified as unknown as JsonMap,
    current: current as unknown as JsonMap,
    kind: resource.kind,
  });
  if (Object.keys(patch).length === 0) return 'unchanged';
  await ctx.client.patch(target, patch, {
    contentType: 'application/strategic-merge-patch+json',
    fieldManager,
    fieldValidation: validation,
    signal: ctx.io.signal,
  });
  return 'configured';
}

function parseLastApplied(text: string): JsonMap | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonMap)
      : undefined;
  } catch {
    return undefined;
  }
}

async function applyServerSide(
  ctx: CommandContext,
  item: ManifestObject,
  { target }: ManifestTarget,
  options: ApplyOptions,
): Promise<string> {
  await ctx.client.patch(target, item.object, {
    contentType: 'application/apply-patch+yaml',
    fieldManager: options.fieldManager ?? 'kubectl',
    fieldValidation: fieldValidation(options.validate),
    force: options.forceConflicts === true,
    signal: ctx.io.signal,
  });
  return 'serverside-applied';
}
