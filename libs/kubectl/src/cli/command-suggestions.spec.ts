import { editDistance, suggestCommands } from './command-suggestions';

// The real kubectl 1.32's commands, for checking the rules against what it printed on this machine.
const REAL_COMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate',
  'cluster-info', 'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff',
  'drain', 'edit', 'events', 'exec', 'explain', 'expose', 'get', 'kustomize', 'label', 'logs', 'options',
  'patch', 'plugin', 'port-forward', 'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top',
  'uncordon', 'version', 'wait',
]; // prettier-ignore

describe('suggestCommands', () => {
  it.each<[string, string[]]>([
    ['gett', ['set', 'get']],
    ['delet', ['delete']],
    ['foo', ['top']],
    ['lo', ['top', 'logs', 'cp']],
    ['LOGS', ['logs']],
    ['list', ['get', 'wait']],
    ['ps', ['get', 'cp', 'wait']],
    ['rm', ['run', 'delete', 'cp']],
    ['hel', ['set', 'get']],
    ['opt', ['set', 'get', 'top', 'cp', 'options']],
    ['api', ['cp', 'api-versions', 'api-resources']],
    ['frobnicate', []],
  ])('%s → %j, as the real kubectl suggests', (typed, expected) => {
    expect(suggestCommands(typed, REAL_COMMANDS)).toEqual(expected);
  });

  it('suggests only the commands it is given', () => {
    expect(suggestCommands('lo', ['get', 'logs', 'label'])).toEqual(['logs']);
    expect(suggestCommands('foo', ['get', 'logs'])).toEqual([]);
  });
});

describe('editDistance', () => {
  it.each([
    ['', 'abc', 3],
    ['foo', 'top', 2],
    ['gett', 'get', 1],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 2],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
