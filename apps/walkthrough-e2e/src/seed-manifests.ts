// The seed's manifests, edited the way the post edits them by hand: `sed` adds spec.nodeName after
// `spec:`, and a second `sed` renames the pod to nginx-the-second.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { parse } from 'yaml';

const nginxYaml = readFileSync(path.join(__dirname, 'fixtures', 'nginx.yaml'), 'utf8');

/** nginx.yaml with `nodeName: <node>` as the first line under `spec:`. */
export function nginxYamlFor(nodeName: string): string {
  return nginxYaml.replace(/^spec:\n/m, `spec:\n  nodeName: ${nodeName}\n`);
}

/** The same manifest under another name (the post's nginx2.yaml). */
export function renamed(yamlText: string, name: string): string {
  return yamlText.replace(/^ {2}name:.*$/m, `  name: ${name}`);
}

/** The manifest as the JSON the post POSTs with curl. */
export function asJson(yamlText: string): string {
  return JSON.stringify(parse(yamlText), null, 2);
}
