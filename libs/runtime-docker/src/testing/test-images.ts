import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

/** Images tests run: the project's images when present (tools/images), else small stand-ins made here. */
export interface TestImages {
  busybox: string;
  sandbox: string;
}

const FALLBACK_BUSYBOX = 'groundkube-test/busybox:latest';
const FALLBACK_PAUSE = 'groundkube-test/pause:latest';
const TEST_IMAGE_LABEL = 'io.groundkube.test-image=true';

async function present(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * busybox:latest and registry.k8s.io/pause:3.10 if tools/images made them; otherwise imports
 * /bin/busybox (busybox-static) as groundkube-test/busybox and a trap-and-sleep stand-in for pause,
 * labelled io.groundkube.test-image=true so they can be found and removed.
 */
export async function ensureTestImages(docker: Docker): Promise<TestImages> {
  const busybox = (await present(docker, 'busybox:latest')) ? 'busybox:latest' : FALLBACK_BUSYBOX;
  const sandbox = (await present(docker, 'registry.k8s.io/pause:3.10'))
    ? 'registry.k8s.io/pause:3.10'
    : FALLBACK_PAUSE;
  if (busybox === FALLBACK_BUSYBOX && !(await present(docker, FALLBACK_BUSYBOX)))
    importBusybox(FALLBACK_BUSYBOX, ['CMD ["sh"]']);
  if (sandbox === FALLBACK_PAUSE && !(await present(docker, FALLBACK_PAUSE))) {
    importBusybox(FALLBACK_PAUSE, ['CMD ["sh","-c","trap \'exit 0\' TERM INT; while :; do sleep 1; done"]']);
  }
  return { busybox, sandbox };
}

function importBusybox(ref: string, changes: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'gk-busybox-'));
  try {
    const root = join(dir, 'rootfs');
    for (const d of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev'])
      mkdirSync(join(root, d), { recursive: true });
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
    const applets = execFileSync('/bin/busybox', ['--list']).toString().split('\n').filter(Boolean);
    for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(root, 'bin', a));
    const tar = join(dir, 'rootfs.tar');
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    const args = [
      'import',
      ...changes.flatMap((c) => ['--change', c]),
      '--change',
      `LABEL ${TEST_IMAGE_LABEL}`,
      tar,
      ref,
    ];
    execFileSync('docker', args, { stdio: 'ignore' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
