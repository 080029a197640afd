// Column alignment as kubectl prints it. kubectl pipes its tables through Go's text/tabwriter; no npm package
// reproduces that algorithm (column *blocks*: a run of consecutive lines that all have a tab-terminated cell in
// the same column shares one width), so this is our own small version of it.
//
// Input: lines whose cells are separated by '\t'. The text after the last tab of a line is not part of any
// column and is printed as is. A line with fewer tab-terminated cells ends the blocks of the columns it lacks.

export interface TabWriterOptions {
  /** Smallest width of a column, padding included. kubectl's get: 6; describe: 0. */
  minWidth: number;
  /** Spaces added after the widest cell of a column. kubectl's get: 3; describe: 2. */
  padding: number;
  /**
   * kubectl's get printer keeps the widest width seen per column across flushes (RememberWidths), so watch
   * rows printed one by one stay aligned with the header. Pass the same array to every call to get that.
   */
  remembered?: number[];
}

export const GET_TABLE_LAYOUT: TabWriterOptions = { minWidth: 6, padding: 3 };
export const DESCRIBE_LAYOUT: TabWriterOptions = { minWidth: 0, padding: 2 };

/** Aligns `text` (lines separated by '\n', cells by '\t') and returns the result. */
export function alignColumns(text: string, options: TabWriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const lines = rawLines.map((line) => line.split('\t'));
  const out: string[] = [];
  formatBlock({ lines, out, widths: [], options }, 0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

interface FormatState {
  lines: string[][];
  out: string[];
  widths: number[];
  options: TabWriterOptions;
}

function formatBlock(state: FormatState, first: number, end: number): void {
  const column = state.widths.length;
  let pending = first;
  let index = first;
  while (index < end) {
    if (column >= cellCount(state, index) - 1) {
      index++;
      continue;
    }
    writeLines(state, pending, index);
    const blockStart = index;
    let width = state.options.minWidth;
    while (index < end && column < cellCount(state, index) - 1) {
      const cell = state.lines[index]?.[column] ?? '';
      width = Math.max(width, displayWidth(cell) + state.options.padding);
      index++;
    }
    const remembered = state.options.remembered;
    if (remembered) {
      width = Math.max(width, remembered[column] ?? 0);
      remembered[column] = width;
    }
    state.widths.push(width);
    formatBlock(state, blockStart, index);
    state.widths.pop();
    pending = index;
  }
  writeLines(state, pending, end);
}

function cellCount(state: FormatState, index: number): number {
  return state.lines[index]?.length ?? 0;
}

function writeLines(state: FormatState, first: number, end: number): void {
  for (let i = first; i < end; i++) {
    const cells = state.lines[i] ?? [];
    let line = '';
    cells.forEach((cell, j) => {
      line += cell;
      const width = state.widths[j];
      if (width !== undefined && j < cells.length - 1) line += ' '.repeat(Math.max(0, width - displayWidth(cell)));
    });
    state.out.push(line);
  }
}

/** Width in code points, as tabwriter counts UTF-8 runes. */
function displayWidth(text: string): number {
  return [...text].length;
}
