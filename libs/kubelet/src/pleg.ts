// Pod lifecycle event generator: relists the runtime every second and reports the pods whose containers or
// sandboxes changed since the last relist (a container died, a sandbox went away), so their workers sync
// without waiting for the periodic resync.

import type { RuntimePod } from './kuberuntime/runtime-pod';

/** A fingerprint of what matters for a sync: ids and states of sandboxes and containers. */
function fingerprint(pod: RuntimePod): string {
  const sandboxes = pod.sandboxes.map((s) => `${s.id}:${s.state}`).sort();
  const containers = pod.containers.map((c) => `${c.id}:${c.state}`).sort();
  return `${sandboxes.join(',')}|${containers.join(',')}`;
}

export class PodLifecycleEventGenerator {
  private last = new Map<string, string>();

  /**
   * Takes a fresh runtime listing and returns the UIDs whose fingerprint changed (including pods that
   * appeared or disappeared). The first call reports every pod.
   */
  relist(pods: RuntimePod[]): string[] {
    const next = new Map(pods.map((p) => [p.uid, fingerprint(p)]));
    const changed: string[] = [];
    for (const [uid, print] of next) if (this.last.get(uid) !== print) changed.push(uid);
    for (const uid of this.last.keys()) if (!next.has(uid)) changed.push(uid);
    this.last = next;
    return changed;
  }
}
