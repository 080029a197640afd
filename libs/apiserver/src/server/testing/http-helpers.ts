// Small HTTP helpers for tests that talk to a started API server through node's fetch.

export interface JsonReply {
  readonly status: number;
  readonly headers: Headers;
  // Tests read whatever the server answered; shapes are asserted there.
  readonly body: Record<string, unknown>;
  readonly text: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
}

/** Sends one request; the body is JSON-encoded unless it is already a string. */
export async function call(baseUrl: string, path: string, options: RequestOptions = {}): Promise<JsonReply> {
  const headers: Record<string, string> = {};
  if (options.accept !== undefined) headers['Accept'] = options.accept;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (health text, metrics): tests read `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A watch (or any streamed) response read line by line. */
export interface LineStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next line; undefined when the server ended the stream; rejects when the connection was cut. */
  next(): Promise<string | undefined>;
  close(): void;
}

export async function openStream(url: string, accept?: string): Promise<LineStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: accept === undefined ? {} : { Accept: accept },
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  return {
    status: response.status,
    headers: response.headers,
    async next() {
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          return line;
        }
        if (ended) return buffer === '' ? undefined : takeRest();
        // A connection cut mid-stream rejects here, unlike a stream the server ended.
        const { value, done } = await reader.read();
        if (done) ended = true;
        else buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };

  function takeRest(): string {
    const rest = buffer;
    buffer = '';
    return rest;
  }
}

/** A minimal valid pod. */
export function podManifest(
  name: string,
  options: { namespace?: string; nodeName?: string; containers?: string[] } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      labels: { app: name },
    },
    spec: {
      ...(options.nodeName !== undefined ? { nodeName: options.nodeName } : {}),
      containers: (options.containers ?? ['main']).map((c) => ({ name: c, image: 'busybox' })),
    },
  };
}
