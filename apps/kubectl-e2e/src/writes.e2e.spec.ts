// create, apply, label, annotate and delete with both kubectls. Each side starts from the same state (the
// `setup` of each scenario), runs the same commands in a row, and must print the same. Pods are unbound (no
// kubelet), so they delete at once.

import type { Pod } from '@groundkube/api';
import { PODS } from '@groundkube/client';

import { createPod, podManifest, podNames, removePods } from './objects';
import { normalise, type KubectlRun } from './side-by-side';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
`;
const POD_V2_YAML = POD_YAML.replace('    app: web\n', '    app: web\n    tier: front\n').replace(
  '    image: nginx\n',
  '    image: nginx:1.27\n',
);
const podJson = (name: string): string => JSON.stringify(podManifest(name), null, 2);
const TWO_PODS_YAML = `${POD_YAML.replace(/web/g, 'a')}---\n${POD_YAML.replace(/web/g, 'b')}`;
const ALL_PODS = ['web', 'a', 'b', 'c', 'db'];

beforeAll(async () => {
  await suite.sides.writeFile('pod.yaml', POD_YAML);
  await suite.sides.writeFile('pod-v2.yaml', POD_V2_YAML);
  await suite.sides.writeFile('pod.json', podJson('web'));
  await suite.sides.writeFile('two.yaml', TWO_PODS_YAML);
  await suite.sides.writeFile('dir/a.yaml', POD_YAML.replace(/web/g, 'a'));
  await suite.sides.writeFile('dir/b.json', podJson('b'));
  await suite.sides.writeFile('dir/notes.txt', 'not a manifest');
}, 120_000);

/** No pods in default. */
const empty = (): Promise<void> => removePods(suite.cluster.client, ALL_PODS);
/** Only the pod `web` (as `create` would make it: no last-applied annotation), and `db`. */
const webAndDb = async (): Promise<void> => {
  await empty();
  await createPod(suite.cluster.client, podManifest('web', { labels: { app: 'web' } }));
  await createPod(suite.cluster.client, podManifest('db', { labels: { app: 'db' } }));
};

describe('create', () => {
  it.each<[string, string[], string | undefined]>([
    ['a YAML file', ['create', '-f', 'pod.yaml'], undefined],
    ['a JSON file', ['create', '-f', 'pod.json'], undefined],
    ['several YAML documents', ['create', '-f', 'two.yaml'], undefined],
    ['a directory', ['create', '-f', 'dir'], undefined],
    ['two -f flags', ['create', '-f', 'pod.yaml', '-f', 'two.yaml'], undefined],
    ['stdin', ['create', '-f', '-'], POD_YAML],
  ])('from %s', async (_what, args, stdin) => {
    const { real, ours } = await suite.sides.scenario([args, ['get', 'pods', '-o', 'name']], {
      setup: empty,
      ...(stdin === undefined ? {} : { stdin }),
    });
    expect(real[0]?.code).toBe(0);
    expect(ours).toEqual(real);
  });

  it.each<[string, string[]]>([
    ['a client dry run sends nothing', ['create', '-f', 'two.yaml', '--dry-run=client']],
    [
      'a client dry run as JSON (the post pipes this to curl)',
      ['create', '--dry-run=client', '-o', 'json', '-f', 'pod.yaml'],
    ],
    ['a client dry run as YAML', ['create', '--dry-run=client', '-o', 'yaml', '-f', 'two.yaml']],
    ['a server dry run stores nothing', ['create', '-f', 'pod.yaml', '--dry-run=server']],
    ['a server dry run, by name', ['create', '-f', 'two.yaml', '--dry-run=server', '-o', 'name']],
    ['-o name', ['create', '-f', 'two.yaml', '-o', 'name']],
    [
      '-o jsonpath',
      ['create', '-f', 'pod.yaml', '-o', 'jsonpath={.metadata.name} {.spec.containers[0].image}'],
    ],
  ])('%s', async (_what, args) => {
    const { real, ours } = await suite.sides.scenario([args, ['get', 'pods', '-o', 'name']], {
      setup: empty,
    });
    expect(real[0]?.code).toBe(0);
    expect(real[0]?.stdout.length).toBeGreaterThan(0);
    expect(ours).toEqual(real);
  });

  it('of an existing object is AlreadyExists, exit 1', async () => {
    const { real, ours } = await suite.sides.scenario(
      [
        ['create', '-f', 'pod.yaml'],
        ['create', '-f', 'pod.yaml'],
      ],
      { setup: empty },
    );
    expect(real[1]?.code).toBe(1);
    expect(ours).toEqual(real);
  });
});

describe('apply', () => {
  it('creates, then says unchanged, then configured, keeping the last-applied annotation', async () => {
    const lastApplied = [
      'get',
      'pod',
      'web',
      '-o',
      'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
    ];
    const { real, ours } = await suite.sides.scenario(
      [
        ['apply', '-f', 'pod.yaml'],
        ['apply', '-f', 'pod.yaml'],
        lastApplied,
        ['apply', '-f', 'pod-v2.yaml'],
        lastApplied,
        ['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels} {.spec.containers[0].image}'],
        ['apply', '-f', 'pod.yaml'],
        ['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels} {.spec.containers[0].image}'],
      ],
      { setup: empty },
    );
    expect(real.map((r) => r.stdout.trim()).filter((line) => line.startsWith('pod/'))).toEqual([
      'pod/web created',
      'pod/web unchanged',
      'pod/web configured',
      'pod/web configured',
    ]);
    expect(ours).toEqual(real);
  });

  it('of an object made by create warns about the missing annotation', async () => {
    const { real, ours } = await suite.sides.scenario([['apply', '-f', 'pod-v2.yaml']], { setup: webAndDb });
    expect(real[0]?.stderr).toContain(
      'missing the kubectl.kubernetes.io/last-applied-configuration annotation',
    );
    expect(ours).toEqual(real);
  });

  it('of several documents and a directory', async () => {
    const { real, ours } = await suite.sides.scenario(
      [
        ['apply', '-f', 'two.yaml'],
        ['apply', '-f', 'dir'],
      ],
      { setup: empty },
    );
    expect(ours).toEqual(real);
  });
});

describe('label and annotate', () => {
  it.each<[string, string[][]]>([
    [
      'label',
      [
        ['label', 'pod', 'web', 'tier=front'],
        ['label', 'pod', 'web', 'tier=back'],
        ['label', 'pod', 'web', 'tier=back', '--overwrite'],
        ['label', 'pods/web', 'tier-'],
        ['label', 'pod', 'web', 'missing-'],
        ['label', 'pods', '-l', 'app=db', 'role=store'],
        ['label', 'pods', '--all', 'env=test'],
        ['get', 'pods', '--show-labels'],
        ['label', 'pod', 'nope', 'a=b'],
      ],
    ],
    [
      'annotate',
      [
        ['annotate', 'pod', 'web', 'note=one'],
        ['annotate', 'pod', 'web', 'note=two'],
        ['annotate', 'pod', 'web', 'note=two', '--overwrite'],
        ['annotate', 'pod', 'web', 'note-'],
        ['annotate', 'pods', '--all', 'owner=team'],
        ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.annotations}{"\\n"}{end}'],
        ['annotate', 'pod', 'nope', 'a=b'],
      ],
    ],
  ])('%s', async (_verb, steps) => {
    const { real, ours } = await suite.sides.scenario(steps, { setup: webAndDb });
    expect(real[0]?.code).toBe(0);
    expect(ours).toEqual(real);
  });
});

describe('delete', () => {
  it.each<[string, string[]]>([
    ['TYPE/NAME', ['delete', 'pod/web']],
    ['several TYPE/NAME', ['delete', 'pods/web', 'pods/db']],
    ['TYPE NAME NAME', ['delete', 'pod', 'web', 'db']],
    ['-f', ['delete', '-f', 'pod.yaml']],
    ['-l', ['delete', 'pods', '-l', 'app=db']],
    ['--all', ['delete', 'pods', '--all']],
    ['--now', ['delete', 'pod', 'web', '--now']],
    ['--grace-period=0 --force', ['delete', 'pod', 'web', '--grace-period=0', '--force']],
    ['--wait=false', ['delete', 'pod', 'web', '--wait=false']],
    ['a missing pod', ['delete', 'pod', 'missing']],
    ['a missing and a present pod', ['delete', 'pod', 'missing', 'web']],
    ['--ignore-not-found', ['delete', 'pod', 'missing', '--ignore-not-found']],
    ['no selector or name', ['delete', 'pods']],
    ['-f a directory of missing objects', ['delete', '-f', 'dir']],
    ['-f a present and a missing object', ['delete', '-f', 'pod.yaml', '-f', 'dir/b.json']],
    ['-f in a namespace that does not exist', ['delete', '-f', 'pod.yaml', '-n', 'nosuchns']],
  ])('%s', async (_what, args) => {
    const { real, ours } = await suite.sides.scenario([args, ['get', 'pods', '-o', 'name']], {
      setup: webAndDb,
    });
    expect(ours).toEqual(real);
  });

  // A pod bound to a node waits for its kubelet to finish it; none runs here, so it stays Terminating.
  it('of a pod bound to a node: --wait=false, then Terminating, then a timed-out wait, then --force', async () => {
    const bound = async (): Promise<void> => {
      await removePods(suite.cluster.client, ['bound']);
      await createPod(suite.cluster.client, podManifest('bound', { nodeName: 'node-z' }));
    };
    const { real, ours } = await suite.sides.scenario(
      [
        ['delete', 'pod', 'bound', '--wait=false'],
        ['get', 'pod', 'bound'],
        ['describe', 'pod', 'bound'],
        ['delete', 'pod', 'bound', '--timeout=2s'],
        ['delete', 'pod', 'bound', '--grace-period=0', '--force'],
        ['get', 'pods', '-o', 'name'],
      ],
      { setup: bound },
    );
    expect(real[1]?.stdout).toContain('Terminating');
    expect(real[3]?.code).toBe(1);
    expect(ours).toEqual(real);
  });

  it('leaves the pods gone', async () => {
    await webAndDb();
    const result = await suite.sides.run('ours', ['delete', 'pods', '--all']);
    expect(result.code).toBe(0);
    expect(await podNames(suite.cluster.client)).toEqual([]);
  });
});

describe('wait', () => {
  const readyWeb = async (): Promise<void> => {
    await webAndDb();
    const pod = await suite.cluster.client.get<Pod>({ resource: PODS, namespace: 'default', name: 'web' });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await suite.cluster.client.updateStatus<Pod>(
      { resource: PODS, namespace: 'default', name: 'web' },
      {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
        },
      },
    );
  };

  it.each<[string, string[]]>([
    ['a condition that holds', ['wait', '--for=condition=Ready', 'pod/web', '--timeout=10s']],
    ['a condition with a value', ['wait', '--for=condition=Ready=True', 'pod/web', '--timeout=10s']],
    ['a condition that does not hold', ['wait', '--for=condition=Ready=False', 'pod/web', '--timeout=2s']],
    ['a missing condition', ['wait', '--for=condition=Scheduled', 'pod/db', '--timeout=2s']],
    ['delete of a pod that stays', ['wait', '--for=delete', 'pod/web', '--timeout=2s']],
    ['delete of a missing pod', ['wait', '--for=delete', 'pod/missing', '--timeout=2s']],
    ['a condition on a missing pod', ['wait', '--for=condition=Ready', 'pod/missing', '--timeout=2s']],
    ['by label', ['wait', '--for=condition=Ready', 'pods', '-l', 'app=web', '--timeout=10s']],
    ['a bad condition', ['wait', '--for=ready', 'pod/web']],
    [
      'a jsonpath value that holds',
      ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/web', '--timeout=5s'],
    ],
    ['a relaxed jsonpath, quoted value', ['wait', '--for=jsonpath=status.phase="Running"', 'pod/web']],
    [
      'a jsonpath value that does not',
      ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/db', '--timeout=2s'],
    ],
    ['a jsonpath that finds something', ['wait', '--for=jsonpath={.metadata.labels.app}', 'pods', '--all']],
    [
      'a jsonpath that finds nothing',
      ['wait', '--for=jsonpath={.metadata.labels.x}', 'pod/web', '--timeout=1s'],
    ],
    [
      'a jsonpath with a filter',
      ['wait', '--for=jsonpath={.status.conditions[?(@.type=="Ready")].status}=True', 'pod/web'],
    ],
    ['a jsonpath to an object', ['wait', '--for=jsonpath={.metadata.labels}=x', 'pod/web']],
    ['a jsonpath with no value', ['wait', '--for=jsonpath={.status.phase}=', 'pod/web']],
    ['a jsonpath with two values', ['wait', '--for=jsonpath={.metadata.name}=a=b', 'pod/web']],
    ['a broken jsonpath', ['wait', '--for=jsonpath={.status.phase', 'pod/web']],
  ])('%s', async (_what, args) => {
    const { real, ours } = await suite.sides.scenario([args], { setup: readyWeb });
    expect(ours).toEqual(real);
  });

  // kubectl fetches named objects when their turn comes (one gone by then is skipped without a word), but
  // lists --all first (then each gone one is `condition met`). p3 and p4 go while both wait for p1.
  it.each<[string, string[], string[]]>([
    [
      'named',
      ['wait', '--for=delete', 'pod/p1', 'pod/p2', 'pod/p3', 'pod/p4', '--timeout=20s'],
      ['p1', 'p2'],
    ],
    ['--all', ['wait', '--for=delete', 'pods', '--all', '--timeout=20s'], ['p1', 'p2', 'p3', 'p4']],
  ])('for delete of several pods deleted in two batches, %s', async (_what, args, met) => {
    const results: Record<string, KubectlRun> = {};
    for (const which of ['real', 'ours'] as const) {
      await empty();
      for (const name of ['p1', 'p2', 'p3', 'p4']) await createPod(suite.cluster.client, podManifest(name));
      const waiting = suite.sides.run(which, args);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await removePods(suite.cluster.client, ['p3', 'p4']);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // p2 goes a moment after p1, so that both kubectls, fast or slow, are watching it by then.
      await removePods(suite.cluster.client, ['p1']);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await removePods(suite.cluster.client, ['p2']);
      results[which] = normalise(await waiting);
    }
    expect(results['real']?.code).toBe(0);
    expect(results['real']?.stdout).toBe(met.map((name) => `pod/${name} condition met\n`).join(''));
    expect(results['ours']).toEqual(results['real']);
  });

  it('for delete returns once another client deletes the pod', async () => {
    for (const which of ['real', 'ours'] as const) {
      await webAndDb();
      const waiting = suite.sides.run(which, ['wait', '--for=delete', 'pod/web', '--timeout=30s']);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await removePods(suite.cluster.client, ['web']);
      const result = await waiting;
      expect([which, result.code, result.stdout]).toEqual([which, 0, 'pod/web condition met\n']);
    }
  });
});
