// Whether the test process that owns a leftover cluster still runs: the sweeps remove only the clusters of
// processes that are gone, so two runs at once never remove each other's.

/** True while a process with this pid exists; EPERM means it exists but belongs to another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
