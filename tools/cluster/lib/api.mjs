// Small HTTP calls to etcd and the API server, each with a deadline.
export async function getJson(url, timeoutMs = 3000) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** True when GET url answers 2xx within the timeout. */
export async function answers(url, timeoutMs = 1500) {
  try {
    const { status } = await getJson(url, timeoutMs);
    return status >= 200 && status < 300;
  } catch {
    return false;
  }
}

export async function deleteJson(url, body = undefined, timeoutMs = 5000) {
  const response = await fetch(url, {
    method: 'DELETE',
    signal: AbortSignal.timeout(timeoutMs),
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  await response.text();
  return response.status;
}

/** Names of the nodes whose Ready condition is True. */
export function readyNodes(nodeList) {
  const items = Array.isArray(nodeList?.items) ? nodeList.items : [];
  return items
    .filter((node) => (node?.status?.conditions ?? []).some((c) => c?.type === 'Ready' && c?.status === 'True'))
    .map((node) => node?.metadata?.name)
    .filter((name) => typeof name === 'string');
}
