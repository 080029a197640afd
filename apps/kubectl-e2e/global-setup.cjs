// Bundles the API server and groundkube's kubectl once, before any spec file starts: the spec files run in
// parallel, and one rebuilding dist/apps/kubectl while another runs it could hand it a half-written file.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const workspace = path.resolve(__dirname, '../..');
  for (const app of ['apps/apiserver', 'apps/kubectl']) {
    execFileSync(process.execPath, ['tools/build/bundle.mjs', app], { cwd: workspace, stdio: 'inherit' });
  }
};
