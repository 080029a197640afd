import type { Pod } from '@groundkube/api';

import { hostPortConflict } from './node-ports';

const pod = (
  uid: string,
  ports: { hostPort?: number; hostIP?: string; protocol?: 'TCP' | 'UDP' }[],
): Pod => ({
  metadata: { name: uid, namespace: 'default', uid },
  spec: {
    containers: [{ name: 'c', image: 'nginx', ports: ports.map((p) => ({ containerPort: 80, ...p })) }],
  },
});

describe('hostPortConflict', () => {
  const web = pod('web', [{ hostPort: 8081 }]);

  it('finds the same port and protocol on any address', () => {
    expect(hostPortConflict(pod('b', [{ hostPort: 8081 }]), [web])).toBe(true);
    expect(hostPortConflict(pod('b', [{ hostPort: 8081, hostIP: '127.0.0.1' }]), [web])).toBe(true);
  });

  it('lets other ports, other protocols, other addresses and pods without host ports through', () => {
    expect(hostPortConflict(pod('b', [{ hostPort: 8082 }]), [web])).toBe(false);
    expect(hostPortConflict(pod('b', [{ hostPort: 8081, protocol: 'UDP' }]), [web])).toBe(false);
    const local = pod('l', [{ hostPort: 9000, hostIP: '127.0.0.1' }]);
    expect(hostPortConflict(pod('b', [{ hostPort: 9000, hostIP: '127.0.0.2' }]), [local])).toBe(false);
    expect(hostPortConflict(pod('b', [{}]), [web])).toBe(false);
  });

  it('never conflicts with itself', () => {
    expect(hostPortConflict(web, [web])).toBe(false);
  });
});
