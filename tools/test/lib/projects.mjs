// The Jest projects of the workspace (every libs/* and apps/* folder with a jest.config.cjs, the same globs
// as the root jest.config.cjs) and the lane each runs in.
//
// Two lanes run side by side (the machine has 2 cores), each one project at a time:
//   docker — projects whose tests drive the Docker engine (their sources call the docker CLI, dockerode,
//            testcontainers or the Docker CRI runtime). They start containers, nested engines and built
//            apps; two of them at once on 2 cores starve each other's timers.
//   unit   — everything else: unit tests, and suites on real etcd and built API servers.
// e2e projects (tag type:e2e) run their files one at a time (--runInBand) whichever lane they are in.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const dockerUse = /dockerode|testcontainers|@groundkube\/runtime-docker|['"]docker['"]/;

/** The TypeScript sources of a project that only its tests use: spec files, and every file of a test-only project. */
function testSources(dir, all) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'generated') found.push(...testSources(full, all));
    else if (all ? entry.name.endsWith('.ts') : /\.(spec|test)\.ts$/.test(entry.name)) found.push(full);
  }
  return found;
}

/**
 * @param {string} repoRoot
 * @returns {{ name: string, root: string, config: string, lane: 'docker' | 'unit', e2e: boolean }[]}
 */
export function jestProjects(repoRoot) {
  const projects = [];
  for (const group of ['libs', 'apps']) {
    const groupDir = path.join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const root = path.join(groupDir, name);
      const config = path.join(root, 'jest.config.cjs');
      if (!statSync(root).isDirectory() || !existsSync(config)) continue;
      let project = { name, tags: [] };
      try {
        project = { name, tags: [], ...JSON.parse(readFileSync(path.join(root, 'project.json'), 'utf8')) };
      } catch {
        // no project.json: the folder name stands in
      }
      const e2e = project.tags.includes('type:e2e');
      const src = path.join(root, 'src');
      const drivesDocker = existsSync(src) && testSources(src, e2e).some((file) => dockerUse.test(readFileSync(file, 'utf8')));
      projects.push({
        name: project.name,
        root: path.relative(repoRoot, root),
        config: path.relative(repoRoot, config),
        lane: drivesDocker ? 'docker' : 'unit',
        e2e,
      });
    }
  }
  return projects;
}
