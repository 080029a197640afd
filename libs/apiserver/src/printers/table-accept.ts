// Content negotiation for tables: does the Accept header ask for a meta.k8s.io Table?

/** One media range of an Accept header, with its parameters (lower-cased keys). */
export interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Splits an Accept header into media ranges, in the client's order. */
export function parseAccept(accept: string | undefined): MediaRange[] {
  if (accept === undefined || accept.trim() === '') return [];
  return accept.split(',').map((range) => {
    const [type = '', ...rest] = range.split(';').map((part) => part.trim());
    const params: Record<string, string> = {};
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq > 0)
        params[part.slice(0, eq).trim().toLowerCase()] = part
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params };
  });
}

/**
 * True when the client accepts a Table (`application/json;as=Table;g=meta.k8s.io;v=v1` or v1beta1).
 * The reply is then a meta.k8s.io/v1 Table with Content-Type application/json.
 */
export function acceptsTable(accept: string | undefined): boolean {
  return parseAccept(accept).some(
    (range) =>
      (range.type === 'application/json' || range.type === '*/*') &&
      range.params['as'] === 'Table' &&
      range.params['g'] === 'meta.k8s.io' &&
      (range.params['v'] === 'v1' || range.params['v'] === 'v1beta1'),
  );
}
