// The registry mirror container (groundkube-registry on 127.0.0.1:5000) and what it holds.
import { setTimeout as sleep } from 'node:timers/promises';
import { containerState, dockerEnv } from './docker.mjs';
import { run } from './shell.mjs';

export const mirrorName = 'groundkube-registry';
export const mirrorImage = 'groundkube/registry:2.8';
export const mirrorAddress = '127.0.0.1:5000';
export const mirrorVolume = 'groundkube-registry-data';

const manifestTypes = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

/** Whether the registry answers its API root. */
export async function mirrorAnswers() {
  try {
    const response = await fetch(`http://${mirrorAddress}/v2/`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Makes the mirror container run from the current registry image. Returns a note for the progress line.
 * @param {string} imageId the id of groundkube/registry:2.8 as built now
 */
export async function ensureMirrorContainer(imageId, logFile) {
  const state = containerState(mirrorName);
  let note = 'already running';
  if (state && state.image !== imageId) {
    await run('docker', ['rm', '-f', mirrorName], { logFile });
    note = 'recreated (image changed)';
  } else if (state && !state.running) {
    await run('docker', ['start', mirrorName], { logFile });
    note = 'started';
  }
  if (!state || state.image !== imageId) {
    await run(
      'docker',
      [
        'run', '--detach', '--name', mirrorName, '--restart', 'unless-stopped',
        '--label', 'io.groundkube.component=registry-mirror',
        '--publish', `${mirrorAddress}:5000`, '--volume', `${mirrorVolume}:/var/lib/registry`, mirrorImage,
      ],
      { env: dockerEnv, logFile },
    );
    if (!state) note = 'created';
  }
  const deadline = Date.now() + 30000;
  while (!(await mirrorAnswers())) {
    if (Date.now() > deadline) throw new Error(`${mirrorName} does not answer on http://${mirrorAddress}/v2/ after 30 s (docker logs ${mirrorName})`);
    await sleep(100);
  }
  return note;
}

/** The image id (config digest) the mirror holds for library/<name>:<tag>, or null. */
export async function mirroredImageId(name, tag = 'latest') {
  try {
    const response = await fetch(`http://${mirrorAddress}/v2/library/${name}/manifests/${tag}`, {
      headers: { Accept: manifestTypes },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return null;
    const manifest = await response.json();
    return manifest?.config?.digest ?? null;
  } catch {
    return null;
  }
}

/** Pushes a local image as library/<name>:<tag> to the mirror (and drops the temporary tag again). */
export async function pushToMirror(localRef, name, tag, logFile) {
  const remote = `${mirrorAddress}/library/${name}:${tag}`;
  await run('docker', ['tag', localRef, remote], { logFile });
  try {
    await run('docker', ['push', remote], { logFile });
  } finally {
    await run('docker', ['rmi', remote], { logFile, allowFailure: true });
  }
}
