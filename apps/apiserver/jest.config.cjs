module.exports = { ...require('../../jest.preset.cjs'), displayName: 'apiserver', rootDir: __dirname };
