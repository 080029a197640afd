// Thin helpers over the docker CLI. Builds use the classic builder (DOCKER_BUILDKIT=0): the docker client on
// PATH has no buildx plugin here, and nothing may be pulled (no `# syntax=` line, no --pull).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probe, run } from './shell.mjs';

export const dockerEnv = { ...process.env, DOCKER_BUILDKIT: '0' };

/** Whether a Docker engine answers; returns its info (mirrors included) or null. */
export function engineInfo() {
  const result = probe('docker', ['info', '--format', '{{json .}}'], { timeoutMs: 10000 });
  if (!result.ok) return null;
  try {
    const info = JSON.parse(result.stdout);
    // Debian's 20.10 client prints client-side info and exits 0 when no engine answers: no ServerVersion.
    return info?.ServerVersion ? info : null;
  } catch {
    return null;
  }
}

/** The registry mirrors the engine was started with (e.g. ["http://127.0.0.1:5000/"]). */
export function engineMirrors(info) {
  return info?.RegistryConfig?.Mirrors ?? [];
}

/**
 * Inspects several images with one CLI call (missing names are simply absent from the result).
 * @param {string[]} names
 * @returns {Map<string, { id: string, labels: Record<string, string> }>}
 */
export function inspectImages(names) {
  const found = new Map();
  if (names.length === 0) return found;
  const result = probe('docker', ['image', 'inspect', '--format', '{{json .}}', ...names]);
  const byRef = new Map();
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    const image = JSON.parse(line);
    const entry = { id: image.Id, labels: image.Config?.Labels ?? {} };
    for (const tag of image.RepoTags ?? []) byRef.set(tag, entry);
    byRef.set(image.Id, entry);
  }
  for (const name of names) {
    const entry = byRef.get(name) ?? byRef.get(name.includes(':') ? name : `${name}:latest`);
    if (entry) found.set(name, entry);
  }
  return found;
}

/**
 * Builds an image from a context folder and Dockerfile text with the classic builder.
 * @param {{ tags: string[], context: string, dockerfile: string, labels?: Record<string, string>, logFile?: string }} options
 */
export async function buildImage(options) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'groundkube-dockerfile-'));
  const dockerfilePath = path.join(scratch, 'Dockerfile');
  writeFileSync(dockerfilePath, options.dockerfile);
  const args = ['build', '--force-rm', '-f', dockerfilePath];
  for (const tag of options.tags) args.push('-t', tag);
  for (const [key, value] of Object.entries(options.labels ?? {})) args.push('--label', `${key}=${value}`);
  args.push(options.context);
  try {
    await run('docker', args, { env: dockerEnv, logFile: options.logFile });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The state of a container by name, or null when there is none. */
export function containerState(name) {
  const result = probe('docker', ['container', 'inspect', '--format', '{{json .}}', name]);
  if (!result.ok) return null;
  const container = JSON.parse(result.stdout);
  return { id: container.Id, image: container.Image, running: container.State?.Running === true, state: container.State };
}
