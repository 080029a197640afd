#!/usr/bin/env node
// Builds one image per app from the workspace's build output: groundkube/apiserver, groundkube/kubelet (a node
// image: Docker engine + kubelet) and groundkube/kubectl, each with apps/<app>/Dockerfile and a build context
// staged in dist/images/<app>/ (app/: the bundle and its npm packages; images/: images to preload; and the
// app's extra files), so the classic builder sends only what the image holds.
//
//   node tools/images/apps.mjs [apiserver|kubelet|kubectl ...]   bundle, stage and build (default: all three)
//   node tools/images/apps.mjs --no-bundle kubelet               use dist/apps/<app>/main.js as it is
//   node tools/images/apps.mjs --force                           build even when the image is current
//   node tools/images/apps.mjs --quiet                           only problems and the summary line
//
// The base images (node:20-bookworm-slim, debian:bookworm-slim, pause) come from tools/images/ensure.mjs
// when absent. Each image is labelled io.groundkube.content-hash (staged files, Dockerfile, base image ids):
// an image with the current hash is left alone, so a second run takes about as long as the bundling.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImages } from './ensure.mjs';
import { hashDirectory, stageApp } from './lib/app-stage.mjs';
import { dockerEnv, engineInfo, inspectImages } from './lib/docker.mjs';
import { acquireLock } from './lib/lock.mjs';
import { colours, formatSeconds, Progress } from './lib/progress.mjs';
import { run } from './lib/shell.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What each app image is made of. `bases` are the images its Dockerfile starts FROM or copies from;
 * `preload` are local images saved into dist/images/<app>/images/ (the node loads them into its engine);
 * `files` are copied beside them.
 */
export const appImages = {
  // On the scratch-based Node.js image (groundkube/node:20-slim, ~70 MB smaller); the Dockerfile's default
  // base stays the usual node:20-bookworm-slim for builds elsewhere.
  apiserver: {
    tag: 'groundkube/apiserver:latest',
    bases: ['groundkube/node:20-slim'],
    buildArgs: { NODE_IMAGE: 'groundkube/node:20-slim' },
    files: [],
    preload: [],
  },
  kubelet: {
    tag: 'groundkube/kubelet:latest',
    bases: ['debian:bookworm-slim', 'node:20-bookworm-slim'],
    buildArgs: {},
    files: ['apps/kubelet/node-entrypoint.sh'],
    preload: ['registry.k8s.io/pause:3.10'],
  },
  kubectl: {
    tag: 'groundkube/kubectl:latest',
    bases: ['groundkube/node:20-slim'],
    buildArgs: { NODE_IMAGE: 'groundkube/node:20-slim' },
    files: [],
    preload: [],
  },
};

export const appNames = Object.keys(appImages);

/**
 * Makes the app images present and current.
 * @param {{ apps?: string[], bundle?: boolean, force?: boolean, progress?: Progress }} [options]
 * @returns {Promise<{ built: string[], ms: number }>}
 */
export async function ensureAppImages(options = {}) {
  const started = Date.now();
  const apps = options.apps ?? appNames;
  const progress = options.progress ?? new Progress({ prefix: '  ' });
  for (const app of apps) {
    if (!appImages[app]) throw new Error(`unknown app ${JSON.stringify(app)}: one of ${appNames.join(', ')}`);
  }
  if (!engineInfo()) throw new Error('no Docker engine answers (docker info failed): start one first');

  const needed = [...new Set(apps.flatMap((app) => [...appImages[app].bases, ...appImages[app].preload]))];
  if (inspectImages(needed).size < needed.length) {
    await progress.step('base images (tools/images/ensure.mjs)', async () => {
      await ensureImages({ progress: new Progress({ prefix: `${progress.prefix}    `, write: progress.write }) });
    });
  }

  const stateDir = path.join(repoRoot, '.groundkube', 'images');
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(stateDir, 'apps.log');
  const release = await acquireLock(path.join(stateDir, 'apps.lock'), {
    onWait: (pid) => progress.info(`waiting for another app image run (pid ${pid}) to finish…`),
  });
  const built = [];
  try {
    for (const app of apps) {
      const spec = appImages[app];
      if (options.bundle !== false) {
        await progress.step(`bundle ${app}`, () => run('node', ['tools/build/bundle.mjs', `apps/${app}`], { cwd: repoRoot, logFile }));
      }
      const stage = path.join(repoRoot, 'dist/images', app);
      const hash = createHash('sha256');
      await progress.step(`stage dist/images/${app}`, async () => {
        rmSync(stage, { recursive: true, force: true });
        const { packages } = stageApp(app, repoRoot, path.join(stage, 'app'));
        hashDirectory(path.join(stage, 'app'), hash);
        mkdirSync(path.join(stage, 'images'), { recursive: true });
        for (const file of spec.files) copyFileSync(path.join(repoRoot, file), path.join(stage, path.basename(file)));
        return `${packages.length} npm packages`;
      });
      // Preloaded images count by id, like the bases (and are saved only when the image is built).
      const ids = inspectImages([...spec.bases, ...spec.preload]);
      for (const name of [...spec.bases, ...spec.preload]) hash.update(`\0${name}=${ids.get(name)?.id ?? 'missing'}`);
      for (const file of [`apps/${app}/Dockerfile`, ...spec.files]) hash.update(`\0${file}\0`).update(readFileSync(path.join(repoRoot, file)));
      for (const [key, value] of Object.entries(spec.buildArgs)) hash.update(`\0${key}=${value}`);
      const contentHash = hash.digest('hex').slice(0, 16);

      const present = inspectImages([spec.tag]).get(spec.tag);
      if (!options.force && present?.labels['io.groundkube.content-hash'] === contentHash) {
        progress.info(`${colours.green('✓')} ${spec.tag} is current`);
        continue;
      }
      for (const image of spec.preload) {
        const file = path.join(stage, 'images', `${image.replace(/[/:]/g, '_')}.tar`);
        await run('docker', ['save', '--output', file, image], { logFile });
      }
      await progress.step(`build ${spec.tag}`, () =>
        run(
          'docker',
          [
            'build', '--force-rm', '-f', `apps/${app}/Dockerfile`, '-t', spec.tag,
            ...Object.entries(spec.buildArgs).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
            '--label', `io.groundkube.content-hash=${contentHash}`, stage,
          ],
          { cwd: repoRoot, env: dockerEnv, logFile },
        ).catch((error) => {
          throw new Error(`docker build of ${spec.tag} failed (full log: ${logFile}): ${error.message}`, { cause: error });
        }),
      );
      built.push(spec.tag);
    }
  } finally {
    release();
  }
  return { built, ms: Date.now() - started };
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).join('\n')}\n`);
    return;
  }
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const unknownFlags = [...flags].filter((flag) => !['--no-bundle', '--force', '--quiet'].includes(flag));
  const apps = argv.filter((arg) => !arg.startsWith('--'));
  if (unknownFlags.length > 0) {
    process.stderr.write(`apps: unknown option ${unknownFlags[0]} (see --help)\n`);
    process.exitCode = 2;
    return;
  }
  const quiet = flags.has('--quiet');
  const progress = new Progress({ prefix: '  ', write: quiet ? () => {} : undefined });
  try {
    const result = await ensureAppImages({
      apps: apps.length > 0 ? apps : undefined,
      bundle: !flags.has('--no-bundle'),
      force: flags.has('--force'),
      progress,
    });
    process.stderr.write(
      `app images: ${result.built.length === 0 ? 'all current' : `built ${result.built.join(', ')}`} (${formatSeconds(result.ms)})\n`,
    );
  } catch (error) {
    process.stderr.write(`app images: ${colours.red('failed')}: ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
