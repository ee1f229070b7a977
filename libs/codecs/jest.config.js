module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'codecs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
