// Reads the objects behind `-f`: files, directories (their .yaml/.yml/.json files, sorted, not recursive
// unless -R), and `-` for stdin. Each file may hold several YAML documents or one JSON object; a `kind: List`
// is flattened into its items.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import YAML from 'yaml';

import type { KubeObject } from '@groundkube/api';

import { KubectlError } from '../errors';

/** One object from a manifest and where it came from (the name kubectl uses in its messages). */
export interface ManifestObject {
  object: KubeObject;
  source: string;
}

export interface ReadManifestsOptions {
  filenames: string[];
  recursive?: boolean;
  /** Text of stdin, read once by the caller when a filename is `-`. */
  readStdin: () => Promise<string>;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export async function readManifests(options: ReadManifestsOptions): Promise<ManifestObject[]> {
  const objects: ManifestObject[] = [];
  for (const filename of options.filenames) {
    if (filename === '-') {
      objects.push(...parseManifest(await options.readStdin(), 'STDIN'));
      continue;
    }
    if (!existsSync(filename)) throw new KubectlError(`the path "${filename}" does not exist`);
    for (const file of expandPath(filename, options.recursive === true)) {
      objects.push(...parseManifest(readFileSync(file, 'utf8'), file));
    }
  }
  if (objects.length === 0) throw new KubectlError('no objects passed to create');
  return objects;
}

function expandPath(filename: string, recursive: boolean): string[] {
  if (!statSync(filename).isDirectory()) return [filename];
  const files: string[] = [];
  for (const entry of readdirSync(filename, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(filename, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...expandPath(full, true));
    } else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name))) {
      files.push(full);
    }
  }
  return files;
}

/** Parses one manifest text (YAML stream or JSON). Exported for tests. */
export function parseManifest(text: string, source: string): ManifestObject[] {
  const values: unknown[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      values.push(JSON.parse(text));
    } catch (err) {
      throw new KubectlError(`error parsing ${source}: ${(err as Error).message}`, { cause: err });
    }
  } else {
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        // kubectl's wording around the parser's own message (go-yaml's messages themselves differ).
        const first = doc.errors[0];
        const line = first?.linePos?.[0].line;
        const message = (first?.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
        throw new KubectlError(
          `error parsing ${source}: error converting YAML to JSON: yaml: ${line === undefined ? '' : `line ${line}: `}${message}`,
        );
      }
      const value: unknown = doc.toJS();
      if (value !== null && value !== undefined) values.push(value);
    }
  }
  return values.flatMap((value) => flattenList(value, source));
}

function flattenList(value: unknown, source: string): ManifestObject[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KubectlError(`error validating "${source}": error validating data: invalid object, not a mapping`);
  }
  const object = value as KubeObject & { items?: unknown[] };
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    return object.items.flatMap((item) => flattenList(item, source));
  }
  if (!object.apiVersion || !object.kind) {
    const missing = !object.kind ? 'kind' : 'apiVersion';
    throw new KubectlError(
      `error validating "${source}": error validating data: ${missing} not set; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
  object.metadata ??= {};
  return [{ object, source }];
}
