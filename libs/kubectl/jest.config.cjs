module.exports = { ...require('../../jest.preset.cjs'), displayName: 'kubectl-lib', rootDir: __dirname };
