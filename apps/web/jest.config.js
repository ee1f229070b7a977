// Jest for the Angular web app: jest-preset-angular (CommonJS preset, zoneless test environment, jsdom).
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const workspaceRoot = path.join(__dirname, '../..');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@dx/contract$': path.join(workspaceRoot, 'libs/contract/src/index.ts'),
    '^@dx/domain$': path.join(workspaceRoot, 'libs/domain/src/index.ts'),
    '^@dx/ui$': path.join(workspaceRoot, 'libs/ui/src/index.ts'),
  },
  coverageDirectory: path.join(workspaceRoot, 'coverage/apps/web'),
};
