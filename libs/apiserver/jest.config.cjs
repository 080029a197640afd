module.exports = { ...require('../../jest.preset.cjs'), displayName: 'apiserver-lib', rootDir: __dirname };
