// The node's capacity and allocatable as the 1.32 kubelet reports them: cpu, memory, pods, ephemeral-storage
// (the filesystem holding the kubelet's root directory) and one hugepages-<size> entry per page size the
// kernel offers, with the quantities written in Kubernetes' canonical form.

import { readdir, readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_PODS = '110';

/** Where Linux lists its huge page sizes, one `hugepages-<size>kB` folder each with its `nr_hugepages`. */
export const HUGEPAGES_SYSFS_DIR = '/sys/kernel/mm/hugepages';

/**
 * The default hard eviction threshold nodefs.available<10%, which allocatable ephemeral-storage leaves out.
 * Kubernetes keeps the percentage as a float32, so the product is taken with 0.1 rounded to single precision.
 */
const NODEFS_AVAILABLE_FRACTION = Math.fround(0.1);

export interface HugePages {
  pageSizeBytes: number;
  /** Pages reserved in the kernel's pool (nr_hugepages); 0 when none are configured. */
  count: number;
}

/** What the host has, in bytes and counts, before it is written as quantities. */
export interface NodeResources {
  cpuCount: number;
  memoryKi: number;
  /** Size of the filesystem holding the kubelet's root directory; undefined when it cannot be read. */
  ephemeralStorageBytes?: number | undefined;
  hugePages: HugePages[];
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * An integer number of bytes as a canonical binary-SI quantity: the largest power of 1024 that divides it
 * exactly (`2Mi`, `101430960Ki`), plain digits when none does or below 1024 (`93478772582`, `0`).
 */
export function binaryQuantity(bytes: number): string {
  let value = bytes;
  let exponent = 0;
  if (Math.abs(value) >= 1024) {
    while (value !== 0 && value % 1024 === 0 && exponent < BINARY_SUFFIXES.length - 1) {
      value /= 1024;
      exponent++;
    }
  }
  return `${value}${BINARY_SUFFIXES[exponent]}`;
}

/** The resource name of a huge page size, e.g. `hugepages-2Mi`, `hugepages-1Gi`. */
export function hugePagesResourceName(pageSizeBytes: number): string {
  return `hugepages-${binaryQuantity(pageSizeBytes)}`;
}

/** Capacity: what the node has. Keys in the order the API server's JSON gives them (sorted). */
export function nodeCapacity(resources: NodeResources): Record<string, string> {
  const capacity: Record<string, string> = {
    cpu: String(resources.cpuCount),
    memory: binaryQuantity(resources.memoryKi * 1024),
    pods: MAX_PODS,
  };
  if (resources.ephemeralStorageBytes !== undefined)
    capacity['ephemeral-storage'] = binaryQuantity(resources.ephemeralStorageBytes);
  for (const pages of resources.hugePages)
    capacity[hugePagesResourceName(pages.pageSizeBytes)] = binaryQuantity(pages.pageSizeBytes * pages.count);
  return sortedKeys(capacity);
}

/**
 * Allocatable: capacity less what pods may not use. No resources are reserved for the system here, so that
 * is the default hard eviction threshold for ephemeral-storage and the huge pages for memory (pages in the
 * pool are not available as ordinary memory). TODO(#4): memory also leaves out the default
 * memory.available<100Mi eviction threshold on the real kubelet; resourceFieldRef limits assume the host's.
 */
export function nodeAllocatable(resources: NodeResources): Record<string, string> {
  const allocatable = nodeCapacity(resources);
  const hugePagesBytes = resources.hugePages.reduce((sum, p) => sum + p.pageSizeBytes * p.count, 0);
  allocatable['memory'] = binaryQuantity(Math.max(0, resources.memoryKi * 1024 - hugePagesBytes));
  const storage = resources.ephemeralStorageBytes;
  if (storage !== undefined) {
    const evictionReserve = Math.trunc(storage * NODEFS_AVAILABLE_FRACTION);
    allocatable['ephemeral-storage'] = binaryQuantity(Math.max(0, storage - evictionReserve));
  }
  return allocatable;
}

/** The size of the filesystem `dir` lives on (blocks × block size), or undefined when statfs fails. */
export async function readFilesystemBytes(dir: string): Promise<number | undefined> {
  try {
    const stats = await statfs(dir);
    return stats.blocks * stats.bsize;
  } catch {
    return undefined;
  }
}

/** The huge page sizes the kernel offers and how many pages of each it holds; [] without the sysfs folder. */
export async function readHugePages(dir: string = HUGEPAGES_SYSFS_DIR): Promise<HugePages[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const pages: HugePages[] = [];
  for (const entry of entries) {
    const size = /^hugepages-(\d+)kB$/.exec(entry)?.[1];
    if (size === undefined) continue;
    const count = Number.parseInt(
      await readFile(join(dir, entry, 'nr_hugepages'), 'utf8').catch(() => ''),
      10,
    );
    pages.push({ pageSizeBytes: Number(size) * 1024, count: Number.isNaN(count) ? 0 : count });
  }
  return pages.sort((a, b) => a.pageSizeBytes - b.pageSizeBytes);
}

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
