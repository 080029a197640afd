import { podLogsDirectoryName } from './pod-logs-directory';

describe('podLogsDirectoryName', () => {
  const uid = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('is <namespace>_<name>_<uid> when that fits', () => {
    expect(podLogsDirectoryName('default', 'web-0', uid)).toBe(`default_web-0_${uid}`);
  });

  it('cuts the name of a long pod so the directory name stays within 255 bytes', () => {
    const name = `${'a'.repeat(50)}.${'b'.repeat(200)}`;
    const dir = podLogsDirectoryName('default', name, uid);
    expect(dir).toHaveLength(255);
    expect(dir.startsWith(`default_${'a'.repeat(50)}.b`)).toBe(true);
    expect(dir.endsWith(`b_${uid}`)).toBe(true);
  });
});
