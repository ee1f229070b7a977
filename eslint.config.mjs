import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.angular',
      '**/.nx',
      'e2e/artifacts',
      'e2e/test-results',
      'vendor',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      // Web and API never reach into each other; both share only the contract and the pure domain library.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // …and no framework of the other side slips in through a package import either.
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
              bannedExternalImports: ['@angular/*', 'rxjs/*'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'pg-*',
                'fastify',
                '@fastify/*',
                'argon2',
                'nodemailer',
                'iconv-lite',
              ],
            },
            // @dx/codecs (iconv-lite) is Node-only: the browser and the shared libraries it loads never import it.
            { sourceTag: 'scope:web', notDependOnLibsWithTags: ['scope:api'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [
                '@angular/*',
                '@nestjs/*',
                'typeorm',
                'pg',
                'pg-*',
                'fastify',
                '@fastify/*',
                'argon2',
                'iconv-lite',
              ],
            },
            { sourceTag: 'scope:shared', notDependOnLibsWithTags: ['scope:api'] },
            // @dx/ui (scope:web, so only the web app may import it) builds on the contract and the domain rules only.
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'scope:shared'] },
          ],
        },
      ],
      // Japanese text uses the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
      // Used where an earlier check guarantees the value (a map built from the same rows).
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The shared libraries run in the browser too (the module-boundary rule does not see Node's built-ins); their
    // specs may read fixtures from disk.
    files: ['libs/domain/src/**/*.ts', 'libs/contract/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules
            .flatMap((name) => [name, `node:${name}`])
            .map((name) => ({
              name,
              message:
                'Node-only: @dx/domain and @dx/contract must load in the browser (Node code goes in @dx/codecs).',
            })),
          patterns: [
            {
              group: ['node:*'],
              message: 'Node-only: @dx/domain and @dx/contract must load in the browser.',
            },
          ],
        },
      ],
    },
  },
  // The web app and its components (@dx/ui): angular-eslint's TypeScript rules, and its template and accessibility
  // rules on every inline template.
  ...angular.configs.tsRecommended.map((config) => ({
    ...config,
    files: ['apps/web/**/*.ts', 'libs/ui/**/*.ts'],
  })),
  { files: ['apps/web/**/*.ts', 'libs/ui/**/*.ts'], processor: angular.processInlineTemplates },
  ...[...angular.configs.templateRecommended, ...angular.configs.templateAccessibility].map((config) => ({
    ...config,
    files: ['apps/web/**/*.html', 'libs/ui/**/*.html'],
  })),
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No .only in committed tests.' },
      ],
    },
  },
  {
    files: ['**/jest.config.js', '**/jest.config.ts', 'jest.preset.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
];
