module.exports = { ...require('../../jest.preset.cjs'), displayName: 'runtime-docker', rootDir: __dirname };
