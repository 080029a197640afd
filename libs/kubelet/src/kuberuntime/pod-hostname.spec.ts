import type { Pod } from '@groundkube/api';
import { podHostname } from './pod-hostname';

function pod(name: string, hostname?: string): Pod {
  return {
    metadata: { name, namespace: 'default', uid: 'u1' },
    spec: { containers: [], ...(hostname === undefined ? {} : { hostname }) },
  };
}

describe('podHostname', () => {
  const dotted = `${'a'.repeat(50)}.${'b'.repeat(50)}.${'c'.repeat(50)}.${'d'.repeat(50)}.${'e'.repeat(47)}`;
  it.each([
    { name: 'a short name is the hostname', pod: pod('web-0'), expected: 'web-0' },
    { name: 'spec.hostname wins', pod: pod('web-0', 'db'), expected: 'db' },
    { name: '63 characters stay', pod: pod('x'.repeat(63)), expected: 'x'.repeat(63) },
    { name: '100 characters are cut to 63', pod: pod('y'.repeat(100)), expected: 'y'.repeat(63) },
    {
      name: 'a 251-character dotted name keeps its first 63 characters',
      pod: pod(dotted),
      expected: dotted.slice(0, 63),
    },
    {
      name: "trailing '-' and '.' of the cut go",
      pod: pod(`${'z'.repeat(61)}-.-tail`),
      expected: 'z'.repeat(61),
    },
  ])('$name', ({ pod: p, expected }) => {
    expect(podHostname(p)).toBe(expected);
    expect(podHostname(p).length).toBeLessThanOrEqual(63);
  });
});
