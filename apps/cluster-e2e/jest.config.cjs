// The suites start whole clusters as containers: the images must exist first (global-setup.ts builds what
// is missing, quickly when all is current), and the suites run one at a time (each holds several containers).
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cluster-e2e',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/global-setup.ts',
  maxWorkers: 1,
};
