import type { Container, Pod } from '@groundkube/api';
import { type ImageService, NamespaceMode } from '@groundkube/cri-api';
import { ContainerConfigError } from './container-config-error';
import {
  effectiveSecurityContext,
  imageUser,
  type ImageUser,
  makeContainerSecurityContext,
  makeSandboxSecurityContext,
  namespacesForPod,
  verifyRunAsNonRoot,
} from './security-context';

function podWith(podSc: Record<string, unknown> | undefined, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'web', namespace: 'shop', uid: 'u-1' },
    spec: { containers: [], ...(podSc ? { securityContext: podSc } : {}), ...extra },
  };
}

function containerWith(sc: Record<string, unknown> | undefined): Container {
  return { name: 'app', image: 'busybox', ...(sc ? { securityContext: sc } : {}) };
}

const ROOT: ImageUser = { uid: 0n, username: '' };

describe('security context', () => {
  it('takes user, group and runAsNonRoot from the pod unless the container sets them', () => {
    const pod = podWith({ runAsUser: 1000, runAsGroup: 2000, runAsNonRoot: true });
    expect(effectiveSecurityContext(pod, containerWith({ runAsUser: 1234 }))).toMatchObject({
      runAsUser: 1234,
      runAsGroup: 2000,
      runAsNonRoot: true,
    });
  });

  describe('runAsNonRoot', () => {
    const where = '(pod: "web_shop(u-1)", container: app)';
    it.each<[string, Record<string, unknown>, ImageUser, string | undefined]>([
      ['not asked', {}, ROOT, undefined],
      ['false', { runAsNonRoot: false }, ROOT, undefined],
      [
        'runAsUser 0',
        { runAsNonRoot: true, runAsUser: 0 },
        ROOT,
        `container's runAsUser breaks non-root policy ${where}`,
      ],
      ['runAsUser 1000 on a root image', { runAsNonRoot: true, runAsUser: 1000 }, ROOT, undefined],
      [
        'a root image (uid 0)',
        { runAsNonRoot: true },
        ROOT,
        `container has runAsNonRoot and image will run as root ${where}`,
      ],
      ['an image with uid 1000', { runAsNonRoot: true }, { uid: 1000n, username: '' }, undefined],
      [
        'an image with a named user',
        { runAsNonRoot: true },
        { username: 'nginx' },
        `container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user is non-root ${where}`,
      ],
      [
        'an image with a uid out of range',
        { runAsNonRoot: true },
        { uid: 2n ** 31n, username: '' },
        `container has runAsNonRoot and image has an invalid user id (2147483648). (Must be 1-(2147483647)) ${where}`,
      ],
    ])('%s', (_, sc, user, message) => {
      const check = (): void => verifyRunAsNonRoot(podWith(undefined), containerWith(sc), user);
      if (message === undefined) expect(check).not.toThrow();
      else expect(check).toThrow(new ContainerConfigError(message));
    });

    it('honours the pod-level setting', () => {
      expect(() =>
        verifyRunAsNonRoot(podWith({ runAsNonRoot: true }), containerWith(undefined), ROOT),
      ).toThrow(ContainerConfigError);
      expect(() =>
        verifyRunAsNonRoot(podWith({ runAsNonRoot: true, runAsUser: 5 }), containerWith(undefined), ROOT),
      ).not.toThrow();
    });
  });

  it('reads the image user from ImageStatus: uid, else name, else root', async () => {
    const images = (image: object | undefined): ImageService =>
      ({ imageStatus: async () => ({ image, info: {} }) }) as unknown as ImageService;
    await expect(imageUser(images({ uid: { value: 7n }, username: '' }), 'x')).resolves.toEqual({
      uid: 7n,
      username: '',
    });
    await expect(imageUser(images({ username: 'nginx' }), 'x')).resolves.toEqual({ username: 'nginx' });
    await expect(imageUser(images({ username: '' }), 'x')).resolves.toEqual(ROOT);
  });

  it('maps the container context to the CRI one', () => {
    const pod = podWith({ runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000] });
    const sc = makeContainerSecurityContext(
      pod,
      containerWith({
        runAsUser: 1234,
        readOnlyRootFilesystem: true,
        privileged: false,
        allowPrivilegeEscalation: false,
        capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      }),
      ROOT,
    );
    expect(sc).toEqual({
      capabilities: { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['ALL'], addAmbientCapabilities: [] },
      privileged: false,
      namespaceOptions: {
        network: NamespaceMode.POD,
        pid: NamespaceMode.CONTAINER,
        ipc: NamespaceMode.POD,
        targetId: '',
      },
      runAsUser: { value: 1234n },
      runAsUsername: '',
      readonlyRootfs: true,
      supplementalGroups: [2000n, 4000n],
      noNewPrivs: true,
      runAsGroup: { value: 3000n },
    });
  });

  it('falls back to the image user, and sets no-new-privileges only for allowPrivilegeEscalation false', () => {
    const named = makeContainerSecurityContext(podWith(undefined), containerWith(undefined), {
      username: 'nginx',
    });
    expect(named.runAsUser).toBeUndefined();
    expect(named.runAsUsername).toBe('nginx');
    expect(named.noNewPrivs).toBe(false);
    const numeric = makeContainerSecurityContext(
      podWith(undefined),
      containerWith({ allowPrivilegeEscalation: true }),
      { uid: 101n, username: '' },
    );
    expect(numeric.runAsUser).toEqual({ value: 101n });
    expect(numeric.noNewPrivs).toBe(false);
  });

  it('shares the node namespaces hostNetwork, hostPID and hostIPC ask for', () => {
    expect(namespacesForPod(podWith(undefined, { hostNetwork: true, hostPID: true, hostIPC: true }))).toEqual(
      {
        network: NamespaceMode.NODE,
        pid: NamespaceMode.NODE,
        ipc: NamespaceMode.NODE,
        targetId: '',
      },
    );
    expect(namespacesForPod(podWith(undefined, { shareProcessNamespace: true })).pid).toBe(NamespaceMode.POD);
    const sandbox = makeSandboxSecurityContext(podWith({ runAsUser: 10 }, { hostNetwork: true }));
    expect(sandbox.namespaceOptions?.network).toBe(NamespaceMode.NODE);
    expect(sandbox.runAsUser).toEqual({ value: 10n });
  });
});
