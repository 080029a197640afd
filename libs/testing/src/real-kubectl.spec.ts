import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { realKubectl, systemPath } from './real-kubectl';

describe('realKubectl', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gk-real-kubectl-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function binary(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'kubectl');
    await writeFile(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
  }

  it('skips the workspace bin that npm puts first on PATH', async () => {
    const ours = path.join(root, 'repo', 'node_modules', '.bin');
    await binary(ours);
    const real = await binary(path.join(root, 'usr', 'bin'));
    const searched = [ours, path.join(root, 'usr', 'bin')].join(path.delimiter);
    expect(realKubectl(searched)).toBe(real);
    expect(systemPath(searched)).toBe(path.join(root, 'usr', 'bin'));
  });

  it('says so when only ours is found', async () => {
    const ours = path.join(root, 'node_modules', '.bin');
    await binary(ours);
    expect(() => realKubectl(ours)).toThrow('the real kubectl is not on PATH');
  });
});
