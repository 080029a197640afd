// Step-by-step progress lines with timings, shared by tools/images, tools/cluster and tools/test.
// Output goes to stderr by default so that scripts whose stdout is parsed stay clean.

const useColour = process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);

export const colours = {
  green: (text) => paint('32', text),
  red: (text) => paint('31', text),
  yellow: (text) => paint('33', text),
  dim: (text) => paint('2', text),
  bold: (text) => paint('1', text),
};

export function formatSeconds(ms) {
  return ms < 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * A progress reporter. `step(title, fn)` prints the title, runs fn, and prints the outcome with the time it
 * took; fn may return a short note (e.g. "already present") shown beside the tick. Every step is recorded so
 * that `table()` can print a timing summary at the end.
 */
export class Progress {
  /** @param {{ prefix?: string, write?: (line: string) => void }} [options] */
  constructor(options = {}) {
    this.prefix = options.prefix ?? '';
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    /** @type {{ title: string, ms: number, note: string, ok: boolean }[]} */
    this.records = [];
  }

  info(message) {
    this.write(`${this.prefix}${message}`);
  }

  warn(message) {
    this.write(`${this.prefix}${colours.yellow('!')} ${message}`);
  }

  /**
   * @template T
   * @param {string} title
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  async step(title, fn) {
    const started = Date.now();
    this.write(`${this.prefix}${colours.dim('…')} ${title}`);
    try {
      const result = await fn();
      const ms = Date.now() - started;
      const note = typeof result === 'string' ? result : '';
      this.records.push({ title, ms, note, ok: true });
      this.write(`${this.prefix}${colours.green('✓')} ${title}${note ? ` — ${note}` : ''} ${colours.dim(`(${formatSeconds(ms)})`)}`);
      return result;
    } catch (error) {
      const ms = Date.now() - started;
      this.records.push({ title, ms, note: 'failed', ok: false });
      this.write(`${this.prefix}${colours.red('✗')} ${title} failed ${colours.dim(`(${formatSeconds(ms)})`)}`);
      throw error;
    }
  }

  /** A plain-text table of every recorded step and its duration. */
  table() {
    const width = Math.max(4, ...this.records.map((r) => r.title.length));
    const lines = [`${'step'.padEnd(width)}  ${'time'.padStart(8)}  result`];
    for (const r of this.records) {
      lines.push(`${r.title.padEnd(width)}  ${formatSeconds(r.ms).padStart(8)}  ${r.ok ? r.note || 'done' : 'FAILED'}`);
    }
    return lines.join('\n');
  }
}
