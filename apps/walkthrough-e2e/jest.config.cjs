module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'walkthrough-e2e',
  rootDir: __dirname,
  // Pods start real containers: one step may wait for an image pull and two containers to run.
  testTimeout: 120_000,
};
