// Jest global setup of the cluster suites: makes the images they start present and current (the base images
// from Debian packages, then the apiserver and node images from fresh bundles), bundles our kubectl, and
// sweeps containers left by an earlier run that was killed. Quick when everything is current.

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { sweepLeftovers } from './cluster-containers';
import { sweepComposeLeftovers } from './compose-cluster';

const exec = promisify(execFile);
const WORKSPACE = path.resolve(__dirname, '../../..');

async function step(what: string, args: string[]): Promise<void> {
  try {
    await exec(process.execPath, args, { cwd: WORKSPACE, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
    throw new Error(`cluster-e2e setup: ${what} failed:\n${stdout}${stderr}`);
  }
}

export default async function globalSetup(): Promise<void> {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  await sweepLeftovers();
  await sweepComposeLeftovers();
  await step('base images', ['tools/images/ensure.mjs', '--quiet']);
  await step('app images', ['tools/images/apps.mjs', '--quiet', 'apiserver', 'kubelet']);
  await step('our kubectl', ['tools/build/bundle.mjs', 'apps/kubectl']);
}
