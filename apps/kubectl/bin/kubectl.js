#!/usr/bin/env node
// `npx kubectl` from the repository root runs groundkube's kubectl (built into dist/ by `nx build kubectl`).
const path = require('node:path');
const main = path.join(__dirname, '..', '..', '..', 'dist', 'apps', 'kubectl', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('error: groundkube kubectl is not built; run `npx nx build kubectl` first\n');
  process.exit(1);
}
require(main);
