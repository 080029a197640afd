import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FakeClock } from '@groundkube/client';
import {
  ContainerLogError,
  type ContainerLogOptions,
  parseLogLine,
  readContainerLogs,
} from './container-logs';

const dockerLine = (time: string, stream: string, log: string): string =>
  `${JSON.stringify({ log, stream, time })}\n`;

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-logs-'));
  file = join(dir, '0.log');
  writeFileSync(
    file,
    dockerLine('2026-01-01T00:00:01.000000001Z', 'stdout', 'one\n') +
      dockerLine('2026-01-01T00:00:02.5Z', 'stderr', 'two\n') +
      'not a log line\n' +
      dockerLine('2026-01-01T00:00:03Z', 'stdout', 'three\n'),
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function read(options: ContainerLogOptions, signal?: AbortSignal): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  await readContainerLogs(file, options, out, signal);
  return text;
}

describe('parseLogLine', () => {
  it('reads Docker json-file and CRI lines', () => {
    expect(parseLogLine('{"log":"hi\\n","stream":"stderr","time":"2026-01-01T00:00:00Z"}')).toEqual({
      time: '2026-01-01T00:00:00Z',
      stream: 'stderr',
      content: 'hi\n',
    });
    expect(parseLogLine('2026-01-01T00:00:00Z stdout F hello world')).toEqual({
      time: '2026-01-01T00:00:00Z',
      stream: 'stdout',
      content: 'hello world\n',
    });
    expect(parseLogLine('2026-01-01T00:00:00Z stdout P part')?.content).toBe('part');
    expect(parseLogLine('{broken')).toBeUndefined();
    expect(parseLogLine('garbage')).toBeUndefined();
  });
});

describe('readContainerLogs', () => {
  it.each<[string, ContainerLogOptions, string]>([
    ['everything', {}, 'one\ntwo\nthree\n'],
    ['the last line', { tailLines: 1 }, 'three\n'],
    ['no lines for tail 0', { tailLines: 0 }, ''],
    ['stdout only', { stream: 'stdout' }, 'one\nthree\n'],
    ['with timestamps', { tailLines: 1, timestamps: true }, '2026-01-01T00:00:03Z three\n'],
    ['since a time', { sinceTime: new Date('2026-01-01T00:00:02Z') }, 'two\nthree\n'],
    ['at most 6 bytes', { limitBytes: 6 }, 'one\ntw'],
  ])('reads %s', async (_name, options, expected) => {
    expect(await read(options)).toBe(expected);
  });

  it('reads lines since N seconds ago by the clock', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:04Z'));
    expect(await read({ sinceSeconds: 1, clock })).toBe('three\n');
    expect(await read({ sinceSeconds: 2, clock })).toBe('two\nthree\n');
  });

  it('follows new lines until the container stops', async () => {
    const clock = new FakeClock();
    let running = true;
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const done = readContainerLogs(
      file,
      { follow: true, tailLines: 1, clock, isRunning: async () => running },
      out,
    );
    await clock.waitForSleepers(1);
    expect(text).toBe('three\n');
    appendFileSync(file, dockerLine('2026-01-01T00:00:04Z', 'stdout', 'four\n'));
    running = false;
    await clock.advance(200);
    await done;
    expect(text).toBe('three\nfour\n');
  });

  it('stops following when the signal aborts', async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    const done = read({ follow: true, clock }, ac.signal);
    await clock.waitForSleepers(1);
    ac.abort();
    await expect(done).resolves.toBe('one\ntwo\nthree\n');
  });

  it('rejects with LOG_NOT_FOUND for a missing file', async () => {
    const err = await readContainerLogs(join(dir, 'missing.log'), {}, new PassThrough()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ContainerLogError);
    expect((err as ContainerLogError).code).toBe('LOG_NOT_FOUND');
  });
});
