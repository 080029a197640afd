// The suites start whole clusters as containers: the images must exist first (global-setup.ts builds what
// is missing, quickly when all is current). Run them one at a time (--runInBand; the nx target and
// tools/test do): each suite holds a cluster of five or six containers.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cluster-e2e',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/global-setup.ts',
};
