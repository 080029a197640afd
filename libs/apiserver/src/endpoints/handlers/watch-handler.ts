// GET with ?watch=true (or under /watch/): a stream of changes until the client leaves or time runs out.
import { compileListFilter } from '../../selectors';
import { parseWatchRequest } from '../query-options';
import { negotiateOutput } from '../response-encoding';
import { streamWatch } from '../watch-stream';
import type { HandlerContext } from './handler-context';

/** `metadata.name=x` joined to the client's own field selector, for watches of one named object. */
function withNameSelector(fieldSelector: string | undefined, name: string): string | undefined {
  if (name === '') return fieldSelector;
  const byName = `metadata.name=${name}`;
  return fieldSelector === undefined ? byName : `${fieldSelector},${byName}`;
}

export async function handleWatch(h: HandlerContext): Promise<void> {
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const parsed = parseWatchRequest(h.query);
  const request = { ...parsed, fieldSelector: withNameSelector(parsed.fieldSelector, h.info.name) };
  // Bad selectors must be a 400 before the stream's 200 goes out.
  compileListFilter({
    resource: { group: h.info.group, resource: h.info.resource },
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
  });

  // The registry ends the stream at timeoutSeconds too; this bound also covers a registry that lags.
  const signals = [h.ctx.signal, h.shutdown];
  if (request.timeoutSeconds !== undefined) signals.push(AbortSignal.timeout(request.timeoutSeconds * 1000));
  const signal = AbortSignal.any(signals);

  const events = h.registry.watch({ ...h.ctx, signal }, request);
  h.logger.trace({ resource: h.info.resource, namespace: h.info.namespace }, 'Watch started');
  await streamWatch(h.res, events, {
    definition: h.info.definition,
    form,
    now: h.now,
    signal,
    logger: h.logger,
  });
  h.logger.trace({ resource: h.info.resource, namespace: h.info.namespace }, 'Watch ended');
}
