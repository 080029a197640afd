// Facts about the host the kubelet reports in its Node: addresses, capacity, OS and machine identity.

import { readFile } from 'node:fs/promises';
import * as os from 'node:os';

import { readFilesystemBytes, readHugePages, type HugePages } from './node-resources';

export interface HostInfo {
  hostname: string;
  internalIP: string;
  cpuCount: number;
  memoryKi: number;
  /** Size of the filesystem holding the kubelet's root directory; undefined when statfs failed. */
  ephemeralStorageBytes?: number | undefined;
  hugePages: HugePages[];
  osImage: string;
  kernelVersion: string;
  machineID: string;
  bootID: string;
  systemUUID: string;
  architecture: string;
  operatingSystem: string;
}

/** Go's names for Node's process.arch values (the kubernetes.io/arch label). */
const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/**
 * The IPv4 address pod traffic can reach the host on: `preferred` when given, else the first non-internal
 * IPv4 of the host's interfaces (docker bridges last), else 127.0.0.1.
 */
export function pickInternalIP(preferred?: string | undefined): string {
  if (preferred !== undefined && preferred !== '') return preferred;
  const candidates: { name: string; address: string }[] = [];
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) candidates.push({ name, address: a.address });
    }
  }
  const isBridge = (n: string): boolean =>
    n.startsWith('docker') || n.startsWith('br-') || n.startsWith('veth');
  const pick = candidates.find((c) => !isBridge(c.name)) ?? candidates[0];
  return pick?.address ?? '127.0.0.1';
}

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** PRETTY_NAME from an os-release file's text. */
export function prettyName(osRelease: string): string {
  const line = osRelease.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  if (line === undefined) return 'Linux';
  return line.slice('PRETTY_NAME='.length).replace(/^["']|["']$/g, '');
}

export async function readHostInfo(options: {
  hostname: string;
  nodeIP?: string | undefined;
  /** The kubelet's root directory: its filesystem is the node's ephemeral storage. */
  rootDir: string;
}): Promise<HostInfo> {
  const [osRelease, machineID, bootID, productUUID, ephemeralStorageBytes, hugePages] = await Promise.all([
    readTrimmed('/etc/os-release'),
    readTrimmed('/etc/machine-id'),
    readTrimmed('/proc/sys/kernel/random/boot_id'),
    readTrimmed('/sys/class/dmi/id/product_uuid'),
    readFilesystemBytes(options.rootDir),
    readHugePages(),
  ]);
  return {
    hostname: options.hostname,
    internalIP: pickInternalIP(options.nodeIP),
    cpuCount: os.cpus().length,
    memoryKi: Math.floor(os.totalmem() / 1024),
    ephemeralStorageBytes,
    hugePages,
    osImage: prettyName(osRelease),
    kernelVersion: os.release(),
    machineID,
    bootID,
    systemUUID: productUUID || machineID,
    architecture: GO_ARCH[process.arch] ?? process.arch,
    operatingSystem: os.platform() === 'linux' ? 'linux' : os.platform(),
  };
}
