import { humanDuration, timestampSince } from './human-duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-3 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [1 * s, '1s'],
    [70 * s, '70s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [190 * s, '3m10s'],
    [10 * m, '10m'],
    [70 * m, '70m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [5 * h + 30 * m, '5h30m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [3 * d, '3d'],
    [8 * d + 2 * h, '8d'],
    [367 * d, '367d'],
    [365 * 2 * d + 25 * h, '2y1d'],
    [365 * 3 * d, '3y'],
    [365 * 8 * d + 2 * h, '8y'],
  ])('%d ms → %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('timestampSince', () => {
  const now = new Date('2026-01-01T01:00:00Z');
  it.each([
    ['2026-01-01T00:00:00Z', '60m'],
    ['2026-01-01T00:59:55Z', '5s'],
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
  ])('%j → %s', (timestamp, expected) => {
    expect(timestampSince(timestamp, now)).toBe(expected);
  });
});
