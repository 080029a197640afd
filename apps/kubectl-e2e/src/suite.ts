// One side-by-side suite per spec file: an API server on real etcd, started before the file's tests, and
// both kubectls pointed at it; both are disposed of after the last test. A spec's own setup goes in a
// beforeAll of its own, declared after the call, which Jest runs after this one.

import { startCluster, type Cluster } from './cluster';
import { createSideBySide, type SideBySide } from './side-by-side';

export interface SideBySideSuite {
  /** The API server and its client; set once the suite's beforeAll has run. */
  readonly cluster: Cluster;
  /** The real kubectl and ours against `cluster`; set once the suite's beforeAll has run. */
  readonly sides: SideBySide;
}

export function sideBySideSuite(): SideBySideSuite {
  const suite: { cluster?: Cluster; sides?: SideBySide } = {};
  beforeAll(async () => {
    suite.cluster = await startCluster();
    suite.sides = await createSideBySide(suite.cluster.url);
  }, 120_000);
  afterAll(async () => {
    await suite.sides?.[Symbol.asyncDispose]();
    await suite.cluster?.[Symbol.asyncDispose]();
  });
  return {
    get cluster(): Cluster {
      if (!suite.cluster) throw new Error('the suite has not started: use it inside tests or hooks');
      return suite.cluster;
    },
    get sides(): SideBySide {
      if (!suite.sides) throw new Error('the suite has not started: use it inside tests or hooks');
      return suite.sides;
    },
  };
}
