import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  binaryQuantity,
  HUGEPAGES_SYSFS_DIR,
  hugePagesResourceName,
  nodeAllocatable,
  nodeCapacity,
  readFilesystemBytes,
  readHugePages,
} from './node-resources';

const exec = promisify(execFile);

describe('binaryQuantity', () => {
  it.each([
    [0, '0'],
    [1000, '1000'],
    [1536, '1536'],
    [2048, '2Ki'],
    [2 * 1024 * 1024, '2Mi'],
    [1024 ** 3, '1Gi'],
    [101_430_960 * 1024, '101430960Ki'],
    [93_478_772_582, '93478772582'],
  ])('writes %d bytes as %s', (bytes, expected) => {
    expect(binaryQuantity(bytes)).toBe(expected);
  });

  it('names huge page sizes as the API does', () => {
    expect(hugePagesResourceName(2048 * 1024)).toBe('hugepages-2Mi');
    expect(hugePagesResourceName(1_048_576 * 1024)).toBe('hugepages-1Gi');
  });
});

describe('capacity and allocatable', () => {
  it('takes configured huge pages out of allocatable memory and omits storage it could not read', () => {
    const resources = {
      cpuCount: 4,
      memoryKi: 8 * 1024 * 1024,
      hugePages: [{ pageSizeBytes: 2 * 1024 * 1024, count: 512 }],
    };
    expect(nodeCapacity(resources)).toEqual({
      cpu: '4',
      'hugepages-2Mi': '1Gi',
      memory: '8Gi',
      pods: '110',
    });
    expect(nodeAllocatable(resources)).toEqual({
      cpu: '4',
      'hugepages-2Mi': '1Gi',
      memory: '7Gi',
      pods: '110',
    });
  });
});

describe('reading the host', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gk-node-resources-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sizes the filesystem of a directory as stat -f does (total blocks × fundamental block size)', async () => {
    const { stdout } = await exec('stat', ['-f', '-c', '%b %S', dir]);
    const [blocks, blockSize] = stdout.trim().split(' ').map(Number);
    expect(await readFilesystemBytes(dir)).toBe(blocks! * blockSize!);
    expect(await readFilesystemBytes(join(dir, 'absent'))).toBeUndefined();
  });

  it("reads the kernel's huge page sizes, agreeing with /proc/meminfo on the default size's pool", async () => {
    const pages = await readHugePages();
    if (!existsSync(HUGEPAGES_SYSFS_DIR)) {
      expect(pages).toEqual([]);
      return;
    }
    const meminfo = await readFile('/proc/meminfo', 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
    const defaultSize = field('Hugepagesize') * 1024;
    expect(pages.find((p) => p.pageSizeBytes === defaultSize)).toEqual({
      pageSizeBytes: defaultSize,
      count: field('HugePages_Total'),
    });
  });

  it('parses a sysfs-shaped folder: one entry per hugepages-<n>kB, smallest first, others ignored', async () => {
    const sysfs = join(dir, 'hugepages');
    for (const [entry, count] of [
      ['hugepages-1048576kB', '0\n'],
      ['hugepages-2048kB', '3\n'],
    ] as const) {
      await mkdir(join(sysfs, entry), { recursive: true });
      await writeFile(join(sysfs, entry, 'nr_hugepages'), count);
    }
    await mkdir(join(sysfs, 'unrelated'));
    expect(await readHugePages(sysfs)).toEqual([
      { pageSizeBytes: 2048 * 1024, count: 3 },
      { pageSizeBytes: 1_048_576 * 1024, count: 0 },
    ]);
    expect(await readHugePages(join(dir, 'absent'))).toEqual([]);
  });
});
