import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { startApp } from './app-process';
import { until } from './poll';

describe('startApp', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gk-app-process-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function script(body: string): Promise<string> {
    const file = path.join(dir, 'app.js');
    await writeFile(file, body);
    return file;
  }

  it('keeps stdout and stderr, passes args and env, and copies the output to the log file', async () => {
    const app = await script(
      'console.log("args", process.argv.slice(2).join(","));\nconsole.error("env", process.env.GK_VALUE);\n',
    );
    const logFile = path.join(dir, 'logs', 'app.log');
    const proc = startApp(app, ['a', 'b'], { env: { GK_VALUE: 'x' }, logFile, cwd: dir });
    await until('its output', () => Promise.resolve(proc.output().includes('env x') ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    // The app ends by itself; stop() before it has would signal it, and its code would be null.
    await until('its exit', () => Promise.resolve(proc.child.exitCode !== null ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    expect(await proc.stop()).toBe(0);
    expect(proc.output()).toContain('args a,b');
    await until(
      'the log file',
      async () => ((await readFile(logFile, 'utf8')).includes('env x') ? true : undefined),
      {
        timeoutMs: 5_000,
        intervalMs: 10,
      },
    );
  });

  it('stops a running app with the signal asked for', async () => {
    const app = await script(
      'process.on("SIGTERM", () => process.exit(7)); console.log("up"); setInterval(() => {}, 1000);\n',
    );
    const proc = startApp(app, [], { cwd: dir });
    await until('the app', () => Promise.resolve(proc.output().includes('up') ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    expect(await proc.stop('SIGTERM')).toBe(7);
  });

  it('kills an app that ignores the signal once killAfterMs has passed', async () => {
    const app = await script(
      'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000);\n',
    );
    const proc = startApp(app, [], { cwd: dir, killAfterMs: 50 });
    await until('the app', () => Promise.resolve(proc.output().includes('up') ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    await proc.stop();
    expect(proc.child.signalCode).toBe('SIGKILL');
  });
});
