// The text builder behind describe: lines at an indent level (2 spaces per level), cells separated by '\t',
// aligned at the end with the describe layout of the tab writer (minimum width 0, padding 2).

import { DESCRIBE_LAYOUT, alignColumns } from '../printers/tab-writer';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class DescribeWriter {
  private text = '';

  /** Appends `text` after the level's indent; `text` carries its own '\t's and '\n'. */
  write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }

  toString(): string {
    return alignColumns(this.text, DESCRIBE_LAYOUT);
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 1123 with numeric zone, in local time as kubectl prints it: `Thu, 03 Dec 2026 22:00:00 +0000`. */
export function formatRfc1123Z(timestamp: string | undefined | null): string {
  const date = new Date(timestamp ?? 0);
  if (!timestamp || Number.isNaN(date.getTime())) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const pad = (value: number): string => String(value).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${DAYS[date.getDay()] ?? ''}, ${pad(date.getDate())} ${MONTHS[date.getMonth()] ?? ''} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

/** `Labels:  a=b` then one `k=v` per following line; `<none>` when empty. */
export function writeMapMultiline(
  w: DescribeWriter,
  title: string,
  values: Record<string, string> | undefined,
  separator: '=' | ': ',
  skip: ReadonlySet<string> = new Set(),
): void {
  const keys = Object.keys(values ?? {})
    .filter((key) => !skip.has(key))
    .sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, `${title}:\t<none>\n`);
    return;
  }
  keys.forEach((key, index) => {
    const lead = index === 0 ? `${title}:` : '';
    if (separator === '=') {
      w.write(LEVEL_0, `${lead}\t${key}=${values?.[key] ?? ''}\n`);
      return;
    }
    // Annotations: a long or multi-line value goes below its key, one indented line per line of the value.
    const value = (values?.[key] ?? '').replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
      w.write(LEVEL_0, `${lead}\t${key}:\n`);
      for (const line of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(line, MAX_ANNOTATION_LENGTH - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${lead}\t${key}: ${value}\n`);
    }
  });
}

const MAX_ANNOTATION_LENGTH = 140;

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}...` : text;
}
