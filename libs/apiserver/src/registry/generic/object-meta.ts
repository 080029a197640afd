// Metadata the store fills in for every kind: uid, creationTimestamp, generated names.
import type { KubeObject } from '@groundkube/api';
import { randomInt, randomUUID } from 'node:crypto';

/** RFC 3339 with second precision, as Kubernetes serialises metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// Kubernetes leaves out vowels and easily confused characters so generated names spell no words.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
/** Longest prefix kept from generateName, so prefix + suffix stays a valid 63-character label. */
const MAX_PREFIX = 63 - SUFFIX_LENGTH;

/** Five random characters from Kubernetes' alphabet. */
export function randomNameSuffix(): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return suffix;
}

export function generateNameFrom(prefix: string, suffix: () => string = randomNameSuffix): string {
  return prefix.slice(0, MAX_PREFIX) + suffix();
}

export function newUid(): string {
  return randomUUID();
}

/** Sets kind and apiVersion, which every object the API returns carries. */
export function withTypeMeta<T extends KubeObject>(object: T, kind: string, apiVersion: string): T {
  object.kind = kind;
  object.apiVersion = apiVersion;
  return object;
}
