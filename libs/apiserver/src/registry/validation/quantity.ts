// Resource quantities ("500m", "1Gi", "1e3") as numbers, for validating requests and limits.

export const QUANTITY_FORMAT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY_RE =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** The value of `text` in base units, or undefined when it is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY_RE.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  if (match[2]) return number * 10 ** Number(match[2].slice(1));
  return number * (SUFFIXES[match[3] ?? ''] ?? 1);
}

/** Apimachinery's parse errors, word for word: the text a client sees when a body holds a bad quantity. */
export const QUANTITY_ERRORS = {
  format: `quantities must match the regular expression '${QUANTITY_FORMAT}'`,
  suffix: "unable to parse quantity's suffix",
} as const;

const SUFFIX_CHARS = 'eEinumkKMGTP';
const DIGITS = '0123456789';
const KNOWN_SUFFIXES = new Set(Object.keys(SUFFIXES));

/**
 * Why Kubernetes' JSON decoder refuses `text` as a resource.Quantity, or undefined when it takes it.
 * This follows the decoder's own scan (sign, digits, an optional fraction, then suffix letters, a
 * sign and digits) rather than QUANTITY_RE, because the scan is looser: "1." and "." are zero
 * quantities to it. Only the syntax is checked; values too large for Kubernetes are not refused.
 */
export function quantitySyntaxError(text: string): string | undefined {
  if (text === '') return QUANTITY_ERRORS.format;
  let pos = text.startsWith('-') || text.startsWith('+') ? 1 : 0;
  const skip = (chars: string): void => {
    while (pos < text.length && chars.includes(text[pos]!)) pos++;
  };
  skip(DIGITS);
  if (text[pos] === '.') {
    pos++;
    skip(DIGITS);
  }
  const suffixStart = pos;
  skip(SUFFIX_CHARS);
  if (text[pos] === '-' || text[pos] === '+') pos++;
  skip(DIGITS);
  if (pos < text.length) return QUANTITY_ERRORS.format;
  return knownSuffix(text.slice(suffixStart)) ? undefined : QUANTITY_ERRORS.suffix;
}

/** An SI or binary suffix, or a decimal exponent (`e3`, `E-2`). */
function knownSuffix(suffix: string): boolean {
  if (KNOWN_SUFFIXES.has(suffix)) return true;
  return /^[eE][+-]?[0-9]+$/.test(suffix);
}
