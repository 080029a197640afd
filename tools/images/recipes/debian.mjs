// debian:bookworm-slim — `debootstrap --variant=minbase` from the mirror apt uses, slimmed the way the
// official slim image is (no docs, man pages, locales or apt lists; dpkg told not to reinstall them), and
// `docker import`ed. Ordinary Dockerfiles can then start FROM it, `apt-get install` included.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { debianMirror } from '../lib/debian.mjs';
import { dockerEnv } from '../lib/docker.mjs';
import { run } from '../lib/shell.mjs';

const dpkgExcludes = `# Keep the image slim: dpkg does not install documentation, man pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
`;

const aptClean = `# Clean apt caches after every install so that image layers stay small.
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::GzipIndexes "true";
APT::Install-Recommends "false";
`;

export const debian = {
  name: 'debian',
  tags: ['debian:bookworm-slim', 'debian:bookworm', 'debian:12-slim'],
  inputs: () => [dpkgExcludes, aptClean, debianMirror()],
  async build(ctx) {
    if (process.getuid?.() !== 0) throw new Error('debootstrap needs root: run this step as root (sudo)');
    const rootfs = path.join(ctx.workDir, 'rootfs');
    const done = path.join(ctx.workDir, 'debootstrap.done');
    // The bootstrap itself (~40 s) is kept between runs; only a failed or missing one is redone.
    if (!existsSync(done)) {
      rmSync(rootfs, { recursive: true, force: true });
      mkdirSync(rootfs, { recursive: true });
      await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, debianMirror()], { logFile: ctx.logFile });
      writeFileSync(done, new Date().toISOString());
    }
    writeFileSync(path.join(rootfs, 'etc/dpkg/dpkg.cfg.d/groundkube-slim'), dpkgExcludes);
    writeFileSync(path.join(rootfs, 'etc/apt/apt.conf.d/groundkube-clean'), aptClean);
    const slim = [
      'usr/share/doc/*', 'usr/share/man/*', 'usr/share/info/*', 'usr/share/lintian/*',
      'var/lib/apt/lists/*', 'var/cache/apt/*', 'var/cache/debconf/*-old', 'var/log/*', 'tmp/*',
    ];
    await run('sh', ['-c', `cd '${rootfs}' && find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + ; rm -rf ${slim.join(' ')}`], {
      logFile: ctx.logFile,
    });
    const tarFile = path.join(ctx.workDir, 'rootfs.tar');
    await run('tar', ['--numeric-owner', '-C', rootfs, '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-cf', tarFile, '.'], {
      logFile: ctx.logFile,
    });
    const changes = ['CMD ["bash"]', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
    for (const [key, value] of Object.entries(ctx.labels)) changes.push(`LABEL ${key}="${value}"`);
    const [first, ...others] = this.tags;
    await run('docker', ['import', ...changes.flatMap((c) => ['--change', c]), tarFile, first], {
      env: dockerEnv,
      logFile: ctx.logFile,
    });
    for (const tag of others) await run('docker', ['tag', first, tag], { logFile: ctx.logFile });
    rmSync(tarFile, { force: true });
  },
};
