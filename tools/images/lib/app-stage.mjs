// Stages an app's image material in dist/images/<app>/app/: the esbuild bundle (dist/apps/<app>/main.js) and the
// npm packages it still requires at run time, copied from the workspace's node_modules with their own
// dependencies (Node's resolution walk, nested copies kept where npm nested them) and nothing else. No npm
// runs here or in the image, so the image builds offline and holds exactly the production closure.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules);

/** Files inside packages that nothing needs at run time. */
const junkFile = /(\.md|\.markdown|\.map|\.ts|\.mts|\.cts|\.tsbuildinfo)$|^(CHANGELOG|HISTORY|AUTHORS|CONTRIBUTING)(\..*)?$/i;
const junkDir = new Set(['.github', 'node_modules']);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The npm packages a CJS bundle requires (bare specifiers that are not Node built-ins). */
export function requiredPackages(bundleText) {
  const names = new Set();
  for (const match of bundleText.matchAll(/require\("([^".][^"]*)"\)/g)) {
    const specifier = match[1];
    if (specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(packageNameOf(specifier))) continue;
    names.add(packageNameOf(specifier));
  }
  return [...names].sort();
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent directory up to the workspace root. */
function findPackageDir(name, fromDir, root) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === path.resolve(root)) return null;
    dir = path.dirname(dir);
  }
}

/**
 * The package directories (relative to root) that `names` need, their dependencies included. Optional and
 * peer dependencies are followed when installed and skipped when not (as Node would find them or not).
 */
export function packageClosure(names, root) {
  const found = new Map(); // relative dir → package name
  const queue = names.map((name) => ({ name, from: root, required: true }));
  while (queue.length > 0) {
    const { name, from, required } = queue.shift();
    if (name.startsWith('@types/')) continue; // type declarations only (reached through peer dependencies)
    const dir = findPackageDir(name, from, root);
    if (dir === null) {
      if (required) throw new Error(`package ${name} (needed from ${path.relative(root, from) || '.'}) is not installed: run npm ci`);
      continue;
    }
    const relative = path.relative(root, dir);
    if (found.has(relative)) continue;
    found.set(relative, name);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: dir, required: true });
    for (const dep of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) {
      queue.push({ name: dep, from: dir, required: false });
    }
  }
  return [...found.keys()].sort();
}

/** Every file under dir (relative paths, sorted), for hashing. */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(dir, relative));
    else out.push(relative);
  }
  return out.sort();
}

/** A hash of a directory's file names, modes and contents. */
export function hashDirectory(dir, hash = createHash('sha256')) {
  for (const file of listFiles(dir)) {
    const full = path.join(dir, file);
    hash.update(`\0${file}\0${statSync(full).mode & 0o777}\0`);
    hash.update(readFileSync(full));
  }
  return hash;
}

/**
 * Stages `dir` (emptied first) from dist/apps/<app>/main.js and returns the package folders it copied.
 * @param {string} app
 * @param {string} root the workspace root
 * @param {string} dir where the app goes (main.js, package.json, node_modules/)
 * @returns {{ packages: string[] }}
 */
export function stageApp(app, root, dir) {
  const built = path.join(root, 'dist/apps', app, 'main.js');
  if (!existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: build the app first (npx nx build ${app})`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(built, path.join(dir, 'main.js'));

  const names = requiredPackages(readFileSync(built, 'utf8'));
  const packages = packageClosure(names, root);
  for (const relative of packages) {
    cpSync(path.join(root, relative), path.join(dir, relative), {
      recursive: true,
      dereference: true,
      filter: (source) => {
        const base = path.basename(source);
        if (source === path.join(root, relative)) return true;
        let isDir = false;
        try {
          isDir = statSync(source).isDirectory();
        } catch {
          return false; // a dangling link
        }
        return isDir ? !junkDir.has(base) : !junkFile.test(base);
      },
    });
  }
  const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const manifest = {
    name: `@groundkube/${app}-image`,
    version: rootManifest.version,
    private: true,
    description: `groundkube ${app}: the bundled app and its production dependencies`,
    main: 'main.js',
    dependencies: Object.fromEntries(names.map((name) => [name, rootManifest.dependencies?.[name] ?? '*'])),
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { packages };
}
