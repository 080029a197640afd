module.exports = { ...require('../../jest.preset.cjs'), displayName: 'cri-api', rootDir: __dirname };
