// Runs a runtime service as its own process, for tests of other projects (the kubelet reaches the runtime
// only over the CRI socket, never by import). Env: GK_CRI_SOCKET, GK_CRI_INSTANCE, GK_SANDBOX_IMAGE (optional).
// Prints one JSON line {"endpoint", "images"} when ready; stops on SIGTERM/SIGINT or when stdin closes.
import Docker from 'dockerode';
import { silentLogger } from '@groundkube/logging';
import { startRuntimeService } from '../runtime-service';
import { removeInstanceContainers } from './runtime-fixture';
import { ensureTestImages } from './test-images';

async function main(): Promise<void> {
  const socketPath = process.env['GK_CRI_SOCKET'];
  const instance = process.env['GK_CRI_INSTANCE'];
  if (!socketPath || !instance) throw new Error('GK_CRI_SOCKET and GK_CRI_INSTANCE are required');
  const docker = new Docker();
  const images = await ensureTestImages(docker);
  const handle = await startRuntimeService({
    socketPath,
    docker,
    instance,
    logger: silentLogger(),
    sandboxImage: process.env['GK_SANDBOX_IMAGE'] ?? images.sandbox,
  });
  process.stdout.write(`${JSON.stringify({ endpoint: handle.endpoint, images })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void handle
      .close()
      .then(() => removeInstanceContainers(docker, instance))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
