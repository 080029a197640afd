module.exports = { ...require('../../jest.preset.cjs'), displayName: 'kubelet', rootDir: __dirname };
