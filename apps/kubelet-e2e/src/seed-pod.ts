// The pods the kubelet suites and the bench run: the seed's pod (nginx, plus busybox writing a page into an
// emptyDir that nginx serves under /shared/), and a one-container busybox that sleeps.

import type { Pod } from '@groundkube/api';

export function seedPod(options: { name: string; namespace?: string; nodeName?: string; uid?: string }): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: options.name, namespace: options.namespace ?? 'default' },
    spec: {
      terminationGracePeriodSeconds: 2,
      volumes: [{ name: 'shared', emptyDir: {} }],
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          ports: [{ containerPort: 80 }],
          // Debian's nginx serves /var/www/html, the official image /usr/share/nginx/html: mount under both.
          volumeMounts: [
            { name: 'shared', mountPath: '/var/www/html/shared', readOnly: true },
            { name: 'shared', mountPath: '/usr/share/nginx/html/shared', readOnly: true },
          ],
        },
        {
          name: 'busybox',
          image: 'busybox',
          command: [
            'sh',
            '-c',
            'echo hello from busybox > /shared/index.html; echo started; exec sleep 3600',
          ],
          volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
        },
      ],
    },
  };
  if (options.nodeName !== undefined) pod.spec!.nodeName = options.nodeName;
  if (options.uid !== undefined) pod.metadata.uid = options.uid;
  return pod;
}

export /** A one-container busybox pod that sleeps, with a 1 s grace period. */
function sleeperPod(name: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    },
  };
}
