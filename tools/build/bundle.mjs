#!/usr/bin/env node
// Bundles one app's entry point (and the workspace libraries it imports) into dist/apps/<app>/main.js.
// npm packages stay external: they are resolved from node_modules at run time (and copied into images).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [projectRoot, entry = 'src/main.ts'] = process.argv.slice(2);
if (!projectRoot) {
  console.error('usage: bundle.mjs <projectRoot> [entry]');
  process.exit(2);
}
const rootPkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(rootPkg.dependencies ?? {}), ...Object.keys(rootPkg.devDependencies ?? {})];

await build({
  entryPoints: [path.join(projectRoot, entry)],
  outfile: path.join('dist', projectRoot, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  tsconfig: 'tsconfig.base.json',
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
