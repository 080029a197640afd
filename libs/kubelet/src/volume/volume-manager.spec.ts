import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '@groundkube/api';
import { silentLogger } from '@groundkube/logging';
import { VolumeError } from './volume-error';
import { VolumeManager } from './volume-manager';

let root: string;
let vm: VolumeManager;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gk-volumes-'));
  vm = new VolumeManager({ rootDir: root, logger: silentLogger() });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function pod(volumes: NonNullable<Pod['spec']>['volumes']): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1' },
    spec: { volumes, containers: [{ name: 'c' }] },
  };
}

describe('VolumeManager', () => {
  it('makes emptyDirs under <rootDir>/pods/<uid>/volumes/kubernetes.io~empty-dir and keeps their content', async () => {
    const p = pod([{ name: 'cache', emptyDir: {} }]);
    const volumes = await vm.setUpPodVolumes(p);
    const dir = join(root, 'pods/uid-1/volumes/kubernetes.io~empty-dir/cache');
    expect(volumes.get('cache')).toEqual({ name: 'cache', kind: 'emptyDir', hostPath: dir });
    writeFileSync(join(dir, 'f'), 'kept');
    await vm.setUpPodVolumes(p);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('kept');
    expect(await vm.listPodUids()).toEqual(['uid-1']);

    await vm.tearDownPod('uid-1');
    expect(existsSync(join(root, 'pods/uid-1'))).toBe(false);
    await vm.tearDownPod('uid-1'); // idempotent
  });

  it('maps volumeMounts to bind mounts, with subPath directories made inside the volume', async () => {
    const hostDir = join(root, 'host');
    const volumes = await vm.setUpPodVolumes(
      pod([
        { name: 'data', emptyDir: {} },
        { name: 'host', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
      ]),
    );
    const mounts = await vm.containerMounts(
      {
        name: 'c',
        volumeMounts: [
          { name: 'data', mountPath: '/data', subPath: 'sub/dir' },
          { name: 'host', mountPath: '/host', readOnly: true },
        ],
      },
      volumes,
    );
    expect(mounts).toEqual([
      {
        hostPath: join(vm.emptyDirPath('uid-1', 'data'), 'sub/dir'),
        containerPath: '/data',
        readonly: false,
      },
      { hostPath: hostDir, containerPath: '/host', readonly: true },
    ]);
    expect(existsSync(join(vm.emptyDirPath('uid-1', 'data'), 'sub/dir'))).toBe(true);
  });

  it.each<[string, Pod, string]>([
    ['unsupported sources', pod([{ name: 'cm', configMap: { name: 'x' } }]), 'VOLUME_UNSUPPORTED'],
    ['relative hostPaths', pod([{ name: 'h', hostPath: { path: 'rel' } }]), 'VOLUME_INVALID_PATH'],
    [
      'hostPath type mismatches',
      pod([{ name: 'h', hostPath: { path: '/definitely/absent', type: 'Directory' } }]),
      'VOLUME_NOT_FOUND',
    ],
    [
      'uids that would escape the root',
      { ...pod([{ name: 'd', emptyDir: {} }]), metadata: { uid: '../x' } },
      'VOLUME_INVALID_PATH',
    ],
  ])('refuses %s', async (_name, p, code) => {
    const err = await vm.setUpPodVolumes(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolumeError);
    expect((err as VolumeError).code).toBe(code);
  });

  it('refuses mounts of unknown volumes and subPaths leaving the volume', async () => {
    const volumes = await vm.setUpPodVolumes(pod([{ name: 'data', emptyDir: {} }]));
    await expect(
      vm.containerMounts({ name: 'c', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }, volumes),
    ).rejects.toMatchObject({
      code: 'VOLUME_NOT_FOUND',
    });
    await expect(
      vm.containerMounts(
        { name: 'c', volumeMounts: [{ name: 'data', mountPath: '/x', subPath: '../../etc' }] },
        volumes,
      ),
    ).rejects.toMatchObject({ code: 'VOLUME_INVALID_PATH' });
  });
});
