module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'contract',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
