// kubectl get --raw PATH: one GET of a server path, its body printed as received (no newline added). A
// failure is the server's Status, worded as for any other request.

import { errorFromResponse } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { UsageError } from '../errors';

export interface GetRawOptions {
  /** Other `get` arguments and -o, which kubectl refuses next to --raw. */
  args: string[];
  output?: string | undefined;
}

export async function runGetRaw(ctx: CommandContext, rawPath: string, options: GetRawOptions): Promise<void> {
  if (options.args.length > 0) throw new UsageError('arguments may not be passed when --raw is specified');
  if (options.output !== undefined) throw new UsageError('--raw and --output are mutually exclusive');
  if (!rawPath.startsWith('/')) {
    throw new UsageError(`--raw must be a valid URL path: parse "${rawPath}": invalid URI for request`);
  }
  const [pathPart = '', queryPart] = rawPath.split('?', 2);
  const query = Object.fromEntries(new URLSearchParams(queryPart ?? ''));
  const res = await ctx.client.raw({ method: 'GET', path: pathPart, query, signal: ctx.io.signal });
  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(res.statusCode, res.body);
  ctx.io.stdout(res.body.toString('utf8'));
}
