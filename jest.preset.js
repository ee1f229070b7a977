// Shared jest settings for the TypeScript (non-Angular) projects: swc keeps decorator metadata, which NestJS
// dependency injection and TypeORM entities rely on.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          // pg-boss imports its package.json `with { type: 'json' }`; jest warns on every suite when that goes.
          experimental: { keepImportAttributes: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // A few dependencies ship only ES modules; swc turns them into CommonJS for jest like our own code.
  transformIgnorePatterns: [
    '/node_modules/(?!(content-disposition|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|pg-boss|openid-client|oauth4webapi|jose|serialize-error|non-error|type-fest|tagged-tag|rrule-temporal|temporal-spec|markdown-it-cjk-friendly|get-east-asian-width)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@dx/codecs$': path.join(__dirname, 'libs/codecs/src/index.ts'),
    '^@dx/contract$': path.join(__dirname, 'libs/contract/src/index.ts'),
    '^@dx/domain$': path.join(__dirname, 'libs/domain/src/index.ts'),
  },
};
