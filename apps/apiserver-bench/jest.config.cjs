module.exports = { ...require('../../jest.preset.cjs'), displayName: 'apiserver-bench', rootDir: __dirname };
