module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'kubectl-e2e',
  rootDir: __dirname,
  globalSetup: '<rootDir>/global-setup.cjs',
  // Each test runs two kubectl processes (and waits, for `wait`/`delete`) against a real API server.
  testTimeout: 60_000,
};
