// `kubectl describe namespace`: identity and phase. The real kubectl adds resource quotas and limit ranges
// when the server has them; groundkube's API server serves neither, and kubectl then prints nothing for them.

import type { Namespace } from '@groundkube/api';

import { DescribeWriter, LEVEL_0, writeMapMultiline } from './describe-writer';

const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function describeNamespace(namespace: Namespace): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${namespace.metadata.name ?? ''}\n`);
  writeMapMultiline(w, 'Labels', namespace.metadata.labels, '=');
  writeMapMultiline(w, 'Annotations', namespace.metadata.annotations, ': ', SKIPPED_ANNOTATIONS);
  w.write(LEVEL_0, `Status:\t${namespace.status?.phase ?? ''}\n`);
  // TODO(#5): Resource Quotas and LimitRange sections once the API server serves those resources.
  return w.toString();
}
