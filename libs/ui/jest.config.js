// Jest for the shared Angular components (@dx/ui): the web app's setup (jest-preset-angular, zoneless, jsdom).
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const workspaceRoot = path.join(__dirname, '../..');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'ui',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@dx/contract$': path.join(workspaceRoot, 'libs/contract/src/index.ts'),
    '^@dx/domain$': path.join(workspaceRoot, 'libs/domain/src/index.ts'),
  },
  coverageDirectory: path.join(workspaceRoot, 'coverage/libs/ui'),
};
