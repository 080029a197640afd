module.exports = { ...require('../../jest.preset.cjs'), displayName: 'kubelet-e2e', rootDir: __dirname };
