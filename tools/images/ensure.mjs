#!/usr/bin/env node
// Makes every image groundkube needs present in the local Docker engine, built from Debian packages only
// (no registry is reachable), starts the registry mirror on 127.0.0.1:5000 and seeds it with nginx and
// busybox so that the engine really pulls them. Also made: etcd and a registry already seeded with nginx and
// busybox, for clusters of containers (deploy/, apps/cluster-e2e); the app images come from tools/images/apps.mjs.
//
//   node tools/images/ensure.mjs            build what is missing or out of date, then seed the mirror
//   node tools/images/ensure.mjs --force    rebuild everything (the debootstrap tree is reused)
//   node tools/images/ensure.mjs --quiet    print only problems and the one-line summary
//
// Each image is labelled io.groundkube.recipe-hash (a hash of its recipe and inputs); a present image with
// the current hash is left alone, so a second run finishes in about a second.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineInfo, engineMirrors, inspectImages } from './lib/docker.mjs';
import { acquireLock } from './lib/lock.mjs';
import {
  ensureMirrorContainer,
  mirrorAddress,
  mirroredImageId,
  mirrorImage,
  mirrorName,
  pushToMirror,
} from './lib/mirror.mjs';
import { colours, formatSeconds, Progress } from './lib/progress.mjs';
import { busybox } from './recipes/busybox.mjs';
import { debian } from './recipes/debian.mjs';
import { etcd } from './recipes/etcd.mjs';
import { nginx } from './recipes/nginx.mjs';
import { node } from './recipes/node.mjs';
import { nodeSlim } from './recipes/node-slim.mjs';
import { pause } from './recipes/pause.mjs';
import { registry } from './recipes/registry.mjs';
import { registrySeeded } from './recipes/registry-seeded.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

/** In build order: a recipe's dependencies come before it. */
export const recipes = [pause, busybox, nginx, registry, registrySeeded, etcd, debian, node, nodeSlim];
const recipeFiles = {
  pause: 'pause.mjs',
  busybox: 'busybox.mjs',
  nginx: 'nginx.mjs',
  registry: 'registry.mjs',
  'registry-seeded': 'registry-seeded.mjs',
  etcd: 'etcd.mjs',
  debian: 'debian.mjs',
  node: 'node.mjs',
  'node-slim': 'node-slim.mjs',
};

/** The images pushed to the mirror as library/<name>:latest. */
export const mirroredImages = [
  { name: 'nginx', local: 'nginx:latest' },
  { name: 'busybox', local: 'busybox:latest' },
];

/** Every tag ensure makes present (for tests and tools that want to check). */
export const allTags = recipes.flatMap((recipe) => recipe.tags);

function recipeHash(recipe, dependencyIds) {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(here, 'recipes', recipeFiles[recipe.name]), 'utf8'));
  // The recipes' shared helpers too, so that a change to one rebuilds the images.
  for (const helper of ['rootfs.mjs', 'scratch-image.mjs']) {
    hash.update(readFileSync(path.join(here, 'recipes', helper), 'utf8'));
  }
  for (const input of recipe.inputs()) hash.update(`\0${input}`);
  for (const id of dependencyIds) hash.update(`\0${id}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Makes all images present and the mirror seeded.
 * @param {{ progress?: Progress, force?: boolean, quiet?: boolean }} [options]
 * @returns {Promise<{ built: string[], pushed: string[], ms: number }>}
 */
export async function ensureImages(options = {}) {
  const started = Date.now();
  const progress = options.progress ?? new Progress({ prefix: '  ' });
  const stateDir = path.join(repoRoot, '.groundkube', 'images');
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(stateDir, 'build.log');
  writeFileSync(logFile, `# tools/images/ensure.mjs ${new Date().toISOString()}\n`);

  const info = engineInfo();
  if (!info) {
    throw new Error(
      'no Docker engine answers (docker info failed): start one first (npm run up starts one as root)',
    );
  }
  const release = await acquireLock(path.join(stateDir, 'lock'), {
    onWait: (pid) => progress.info(`waiting for another image run (pid ${pid}) to finish…`),
  });
  const built = [];
  const pushed = [];
  try {
    let present = inspectImages(allTags);
    for (const recipe of recipes) {
      const dependencyIds = (recipe.dependsOn ?? []).map((dep) => {
        const depRecipe = recipes.find((r) => r.name === dep);
        return present.get(depRecipe.tags[0])?.id ?? 'missing';
      });
      const hash = recipeHash(recipe, dependencyIds);
      const current = recipe.tags.every(
        (tag) => present.get(tag)?.labels['io.groundkube.recipe-hash'] === hash,
      );
      if (current && !options.force) continue;
      const ctx = {
        workDir: path.join(stateDir, recipe.name),
        cacheDir: path.join(stateDir, 'debs'),
        logFile,
        labels: {
          'io.groundkube.image': recipe.name,
          'io.groundkube.recipe-hash': hash,
          'org.opencontainers.image.source': 'groundkube tools/images',
        },
      };
      mkdirSync(ctx.workDir, { recursive: true });
      await progress.step(`build ${recipe.tags[0]}`, async () => {
        try {
          await recipe.build(ctx);
        } catch (error) {
          throw new Error(`building ${recipe.tags[0]} failed (full log: ${logFile}): ${error.message}`, {
            cause: error,
          });
        }
      });
      built.push(recipe.tags[0]);
      present = inspectImages(allTags);
    }

    const registryImage = present.get(mirrorImage);
    if (!registryImage) throw new Error(`${mirrorImage} is missing after the build`);
    const mirrorNote = await ensureMirrorContainer(registryImage.id, logFile);
    if (mirrorNote !== 'already running') {
      progress.info(`${colours.green('✓')} mirror ${mirrorName} on ${mirrorAddress} — ${mirrorNote}`);
    }
    for (const image of mirroredImages) {
      const local = present.get(image.local);
      if (!local) throw new Error(`${image.local} is missing after the build`);
      if ((await mirroredImageId(image.name)) === local.id) continue;
      await progress.step(`push ${image.local} to ${mirrorAddress}/library/${image.name}`, () =>
        pushToMirror(image.local, image.name, 'latest', logFile),
      );
      pushed.push(image.local);
    }

    const mirrors = engineMirrors(info);
    if (!mirrors.some((m) => m.includes(mirrorAddress))) {
      progress.warn(
        `the Docker engine runs without --registry-mirror=http://${mirrorAddress}: pulls of nginx/busybox will ` +
          'fail (restart dockerd with --registry-mirror=http://127.0.0.1:5000 --insecure-registry=127.0.0.1:5000)',
      );
    }
  } finally {
    release();
  }
  return { built, pushed, ms: Date.now() - started };
}

async function main() {
  const args = new Set(process.argv.slice(2));
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(1, 11)
        .join('\n') + '\n',
    );
    return;
  }
  const progress = new Progress({ prefix: '  ', write: args.has('--quiet') ? () => {} : undefined });
  if (!args.has('--quiet')) process.stderr.write('images: making groundkube images present\n');
  try {
    const result = await ensureImages({ progress, force: args.has('--force') });
    if (result.built.length === 0 && result.pushed.length === 0) {
      process.stderr.write(
        `images: all ${allTags.length} images present and mirror seeded (${formatSeconds(result.ms)})\n`,
      );
    } else {
      if (!args.has('--quiet')) process.stderr.write(`\n${progress.table()}\n\n`);
      process.stderr.write(
        `images: built ${result.built.length}, pushed ${result.pushed.length}, in ${formatSeconds(result.ms)}\n`,
      );
    }
  } catch (error) {
    process.stderr.write(`images: ${colours.red('failed')}: ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
