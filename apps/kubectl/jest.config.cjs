module.exports = { ...require('../../jest.preset.cjs'), displayName: 'kubectl', rootDir: __dirname };
