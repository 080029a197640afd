// `TYPE`, `TYPE NAME…`, `TYPE1,TYPE2`, `TYPE/NAME…`: the resource arguments of get, delete, describe, label…

import { PrintedError, UsageError } from '../errors';
import type { ApiResource, ResourceMapper } from '../discovery/resource-mapper';

/** One resource type and the names asked for (empty: all objects matching the selectors). */
export interface ResourceRequest {
  resource: ApiResource;
  names: string[];
}

export async function resolveResourceArgs(
  args: string[],
  mapper: ResourceMapper,
  verb = 'get',
): Promise<ResourceRequest[]> {
  if (args.length === 0 && verb === 'describe') {
    throw new UsageError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  if (args.length === 0) {
    throw new PrintedError(
      [
        `You must specify the type of resource to ${verb}. Use "kubectl api-resources" for a complete list of supported resources.`,
        '',
        'error: Required resource not specified.',
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
        `See 'kubectl ${verb} -h' for help and examples`,
      ].join('\n'),
    );
  }
  const requests: ResourceRequest[] = [];
  const add = (resource: ApiResource, name: string | undefined): void => {
    let request = requests.find((entry) => entry.resource === resource);
    if (!request) {
      request = { resource, names: [] };
      requests.push(request);
    }
    if (name !== undefined) request.names.push(name);
  };

  if (args[0]?.includes('/')) {
    for (const arg of args) {
      const slash = arg.indexOf('/');
      if (arg.indexOf('/', slash + 1) >= 0) {
        throw new UsageError('arguments in resource/name form may not have more than one slash');
      }
      if (slash === 0 || slash === arg.length - 1) {
        throw new UsageError('arguments in resource/name form must have a single resource and name');
      }
      if (slash < 0) {
        throw new UsageError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      }
      add(await mapper.resolve(arg.slice(0, slash)), arg.slice(slash + 1));
    }
    return requests;
  }

  const [typeList = '', ...names] = args;
  if (names.some((name) => name.includes('/'))) {
    throw new UsageError(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    );
  }
  for (const typeName of typeList.split(',').filter((name) => name !== '')) {
    for (const resource of await mapper.expand(typeName)) {
      add(resource, undefined);
      const request = requests.find((entry) => entry.resource === resource);
      if (request) request.names.push(...names);
    }
  }
  return requests;
}
