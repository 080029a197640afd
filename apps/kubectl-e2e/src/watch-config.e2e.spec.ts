// `get -w` and `config …` side by side. Watches are stopped with SIGINT, as a user stops them; both die of
// the signal, but the real one runs behind a version dispatcher whose own exit differs, so only the output
// is compared.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { PODS } from '@groundkube/client';

import { createPod, podManifest, removePods } from './objects';
import { normalise, type KubectlRun } from './side-by-side';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

describe('get -w', () => {
  it('prints the list, then a row per change', async () => {
    const outputs: Record<string, string> = {};
    for (const which of ['real', 'ours'] as const) {
      await removePods(suite.cluster.client, ['w1', 'w2']);
      await createPod(suite.cluster.client, podManifest('w1'));
      const watch = suite.sides.start(which, ['get', 'pods', '-w']);
      await watch.waitFor((out) => out.includes('w1'));
      await createPod(suite.cluster.client, podManifest('w2'));
      await watch.waitFor((out) => out.includes('w2'));
      await removePods(suite.cluster.client, ['w1']);
      // A deleted pod's last row is printed again: w1 appears twice more (MODIFIED with grace 0, DELETED).
      await watch.waitFor((out) => out.split('\n').filter((line) => line.startsWith('w1 ')).length >= 2);
      // How many rows a deletion prints depends on the events the server sends; wait until none are in flight.
      await watch.settle();
      const result = await watch.stop();
      outputs[which] = normalise(result).stdout;
    }
    expect(outputs['ours']).toEqual(outputs['real']);
  });

  it('on an empty namespace prints what comes', async () => {
    const outputs: Record<string, { stdout: string; stderr: string }> = {};
    for (const which of ['real', 'ours'] as const) {
      await removePods(suite.cluster.client, ['w1', 'w2']);
      const watch = suite.sides.start(which, ['get', 'pods', '-w', '-o', 'wide']);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await createPod(suite.cluster.client, podManifest('w2'));
      await watch.waitFor((out) => out.includes('w2'));
      await watch.settle();
      const { stdout, stderr } = normalise(await watch.stop());
      outputs[which] = { stdout, stderr };
    }
    expect(outputs['real']?.stdout).toContain('w2');
    expect(outputs['ours']).toEqual(outputs['real']);
  });
});

// One print per event in the asked format (json/yaml: each object its own document; with
// --output-watch-events, {"type","object"} and an EVENT column), after the list unless --watch-only.
describe('get -w in other formats', () => {
  it.each<[string, string[]]>([
    ['-o name', ['-o', 'name']],
    ['-o json', ['-o', 'json']],
    ['-o yaml', ['-o', 'yaml']],
    ['-o jsonpath', ['-o', 'jsonpath={.metadata.name} {.metadata.labels.x}{"\\n"}']],
    ['-o custom-columns', ['-o', 'custom-columns=NAME:.metadata.name,X:.metadata.labels.x']],
    ['--output-watch-events', ['--output-watch-events']],
    ['--output-watch-events -o json', ['--output-watch-events', '-o', 'json']],
    ['--output-watch-events -o yaml', ['--output-watch-events', '-o', 'yaml']],
    ['--output-watch-events -o name -A', ['--output-watch-events', '-o', 'name', '-A']],
    ['--watch-only', ['--watch-only']],
    ['--watch-only --output-watch-events -o json', ['--watch-only', '--output-watch-events', '-o', 'json']],
  ])('%s', async (_what, flags) => {
    const outputs: Record<string, string> = {};
    for (const which of ['real', 'ours'] as const) {
      await removePods(suite.cluster.client, ['w1', 'w2']);
      await createPod(suite.cluster.client, podManifest('w1'));
      const watchOnly = flags.includes('--watch-only');
      const watch = suite.sides.start(which, ['get', 'pods', ...(watchOnly ? [] : ['-w']), ...flags]);
      if (watchOnly) await new Promise((resolve) => setTimeout(resolve, 2_000));
      else await watch.waitFor((out) => out.length > 0);
      await createPod(suite.cluster.client, podManifest('w2'));
      await suite.cluster.client.patch(
        { resource: PODS, namespace: 'default', name: 'w2' },
        { metadata: { labels: { x: 'y' } } },
        { contentType: 'application/merge-patch+json' },
      );
      await removePods(suite.cluster.client, ['w2']);
      await watch.settle();
      outputs[which] = normalise(await watch.stop()).stdout;
    }
    expect(outputs['real']).toContain('w2');
    expect(outputs['ours']).toEqual(outputs['real']);
  });

  // Compared unnormalised: the real kubectl aligns the whole initial list (one tab writer, one flush), and a
  // row printed for an event afterwards keeps the widths seen so far.
  it('-o custom-columns aligns the initial list over all its rows', async () => {
    const long = 'w1-with-a-much-longer-name';
    const names = ['w1', long];
    const columns = 'custom-columns=NAME:.metadata.name,PHASE:.status.phase,X:.metadata.labels.x';
    const outputs: Record<string, string> = {};
    try {
      for (const which of ['real', 'ours'] as const) {
        await removePods(suite.cluster.client, [...names, 'w2']);
        for (const name of names) await createPod(suite.cluster.client, podManifest(name));
        const watch = suite.sides.start(which, ['get', 'pods', '-w', '-o', columns]);
        await watch.waitFor((out) => out.includes(long));
        await createPod(suite.cluster.client, podManifest('w2'));
        await watch.waitFor((out) => out.includes('w2'));
        await watch.settle();
        outputs[which] = (await watch.stop()).stdout;
      }
    } finally {
      await removePods(suite.cluster.client, [...names, 'w2']);
    }
    const header = outputs['real']?.split('\n')[0] ?? '';
    // NAME is as wide as the longest name plus the padding of 3, from the header on.
    expect(header).toMatch(new RegExp(`^NAME {${long.length + 3 - 'NAME'.length}}PHASE +X$`));
    expect(outputs['ours']).toEqual(outputs['real']);
  });

  it.each<[string, string[]]>([
    ['a table', []],
    ['-o name', ['-o', 'name']],
  ])('--request-timeout ends the watch with exit 0: %s', async (_what, flags) => {
    await removePods(suite.cluster.client, ['w1', 'w2']);
    await createPod(suite.cluster.client, podManifest('w1'));
    const { real, ours } = await suite.sides.both(['get', 'pods', '-w', '--request-timeout=2s', ...flags]);
    expect(real.code).toBe(0);
    expect(ours).toEqual(real);
  });
});

describe('config', () => {
  const kubeconfig = (server: string): string =>
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: local',
      '  cluster:',
      `    server: ${server}`,
      '- name: elsewhere',
      '  cluster:',
      '    server: https://10.9.8.7:6443',
      '    certificate-authority-data: AAAA',
      'contexts:',
      '- name: one',
      '  context:',
      '    cluster: local',
      '    user: admin',
      '    namespace: default',
      '- name: two',
      '  context:',
      '    cluster: elsewhere',
      '    user: admin',
      'current-context: one',
      'users:',
      '- name: admin',
      '  user:',
      '    token: secret-token',
      '',
    ].join('\n');
  const resetConfig = (): Promise<void> =>
    writeFile(path.join(suite.sides.dir, '..', '.kube', 'config'), kubeconfig(suite.cluster.url));

  it.each<[string, string[][]]>([
    [
      'reads',
      [
        ['config', 'view'],
        ['config', 'view', '-o', 'json'],
        ['config', 'view', '--raw'],
        ['config', 'view', '--minify'],
        ['config', 'get-contexts'],
        ['config', 'get-contexts', 'two'],
        ['config', 'current-context'],
      ],
    ],
    [
      'use-context',
      [
        ['config', 'use-context', 'two'],
        ['config', 'current-context'],
        ['config', 'get-contexts'],
        ['config', 'use-context', 'nope'],
      ],
    ],
    [
      'set-context',
      [
        ['config', 'set-context', 'one', '--namespace=kube-system'],
        ['config', 'set-context', 'three', '--cluster=local', '--user=admin'],
        ['config', 'get-contexts'],
        ['get', 'pods'],
        ['config', 'view', '--minify'],
      ],
    ],
    [
      'view -o',
      [
        ['config', 'view', '-o', 'jsonpath={.users[*].name}'],
        ['config', 'view', '-o', 'jsonpath={.users[0].user.token}'],
        ['config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.token}'],
        ['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'],
        ['config', 'view', '-o', 'jsonpath={.clusters[0].cluster}{"\\n"}{.contexts[*].name}'],
        ['config', 'view', '-o', 'jsonpath={.preferences}{.kind}{.current-context}'],
        ['config', 'view', '--minify', '--raw', '-o', 'json'],
        ['config', 'view', '--minify', '-o', 'yaml'],
        ['config', 'view', '-o', 'name'],
        ['config', 'view', '-o', 'wide'],
        ['config', 'view', '-o', 'jsonpath={.x'],
      ],
    ],
    [
      'edits',
      [
        ['config', 'get-clusters'],
        ['config', 'get-users'],
        ['config', 'set-cluster', 'new', '--server=https://1.2.3.4:6443'],
        ['config', 'set-cluster', 'elsewhere', '--server=https://10.0.0.1'],
        ['config', 'set-credentials', 'bob', '--token=abc'],
        ['config', 'set-credentials', 'admin', '--token=xyz'],
        ['config', 'delete-context', 'two'],
        ['config', 'delete-context', 'nope'],
        ['config', 'delete-cluster', 'elsewhere'],
        ['config', 'delete-cluster', 'nope'],
        ['config', 'rename-context', 'one', 'uno'],
        ['config', 'rename-context', 'nope', 'x'],
        ['config', 'rename-context', 'uno', 'uno'],
        ['config', 'unset', 'users.bob'],
        ['config', 'set', 'contexts.uno.namespace', 'kube-system'],
        ['config', 'set', 'clusters.new.insecure-skip-tls-verify', 'true'],
        ['config', 'set', 'users.admin.token', 't2'],
        ['config', 'set', 'foo', 'bar'],
        ['config', 'unset', 'nope.x'],
        ['config', 'delete-user', 'bob'],
        ['config', 'view', '--raw'],
        ['config', 'get-contexts'],
        ['config', 'get-clusters'],
        ['config', 'delete-context', 'uno'],
        ['config', 'unset', 'current-context'],
        ['config', 'set', 'current-context', 'gone'],
        ['config', 'view'],
      ],
    ],
  ])('%s', async (_name, steps) => {
    const { real, ours } = await suite.sides.scenario(steps, { setup: resetConfig });
    // On purpose: the real get-clusters/get-users walk a Go map (any order from run to run); ours sorts by
    // name. Their lines are compared as sets.
    const unordered = (runs: KubectlRun[]): KubectlRun[] =>
      runs.map((run, index) =>
        ['get-clusters', 'get-users'].includes(steps[index]?.[1] ?? '')
          ? { ...run, stdout: run.stdout.split('\n').sort().join('\n') }
          : run,
      );
    expect(unordered(ours)).toEqual(unordered(real));
  });
});
