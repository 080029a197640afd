module.exports = { ...require('../../jest.preset.cjs'), displayName: 'kubelet-lib', rootDir: __dirname };
