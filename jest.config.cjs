// One Jest run over every project (used by `npm test`); `nx test <project>` runs one project alone.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.cjs', '<rootDir>/apps/*/jest.config.cjs'],
};
