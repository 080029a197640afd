// The last step of every FROM-scratch recipe: the assembled rootfs becomes the image's first layer.
import { buildImage } from '../lib/docker.mjs';
import { packRootfs } from './rootfs.mjs';

/**
 * Packs `rootfs` (packRootfs) and builds `image.tags` from `FROM scratch`, `ADD rootfs.tar /` and then
 * `image.instructions`, one Dockerfile line each. The image carries ctx.labels; the log goes to ctx.logFile.
 * @param {string} rootfs
 * @param {{ workDir: string, logFile: string, labels: Record<string, string> }} ctx
 * @param {{ tags: string[], instructions: string[] }} image
 */
export async function buildScratchImage(rootfs, ctx, image) {
  const context = await packRootfs(rootfs, ctx);
  await buildImage({
    tags: image.tags,
    context,
    labels: ctx.labels,
    logFile: ctx.logFile,
    dockerfile: ['FROM scratch', 'ADD rootfs.tar /', ...image.instructions, ''].join('\n'),
  });
}
