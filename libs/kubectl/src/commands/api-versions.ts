// kubectl api-versions: every group/version the server's discovery serves, one a line, sorted as strings
// (so `coordination.k8s.io/v1` comes before `v1`).

import type { CommandContext } from '../cli/command-context';
import { apiVersionOf } from '../discovery/resource-mapper';

export async function runApiVersions(ctx: CommandContext): Promise<void> {
  const versions = new Set((await ctx.mapper.all()).map((resource) => apiVersionOf(resource)));
  const sorted = [...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  ctx.io.stdout(sorted.map((version) => `${version}\n`).join(''));
}
