import { resolve } from 'node:path';
import type { Config } from 'jest';
import { jestModuleSwaps, MODULE_SWAPS } from './module-swaps';

const repositoryRoot = resolve(__dirname, '..');

/**
 * Component and queue tests of the web client (jsdom): the `client` project of the root
 * jest.config.ts; on its own: `npx jest --config client/jest.config.ts`.
 */
const config: Config = {
  displayName: 'client',
  // Absolute, so the same object works as a project inside the root jest.config.ts.
  rootDir: repositoryRoot,
  roots: ['<rootDir>/tests/client'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testEnvironment: '<rootDir>/tests/client/setup/jsdom-environment.ts',
  setupFiles: ['<rootDir>/tests/client/setup/environment.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/client/setup/matchers.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/client/tsconfig.json',
        // Types are checked by `tsc -p client/tsconfig.json`; here each file is only transpiled.
        diagnostics: false,
      },
    ],
    '/node_modules/(@x0k/json-schema-merge|@rjsf/core/lib)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2020', isolatedModules: true }, diagnostics: false },
    ],
  },
  // @rjsf/utils requires @x0k/json-schema-merge, which ships ES modules only: compile it to CommonJS.
  // @rjsf/core runs from its ES modules too, so its default registry is Wakuncar's, as in the build
  // (module-swaps.ts): its CommonJS bundle has no module to swap.
  transformIgnorePatterns: ['/node_modules/(?!@x0k/json-schema-merge/|@rjsf/core/lib/)'],
  moduleNameMapper: {
    '\\.css$': '<rootDir>/tests/client/setup/style-stub.ts',
    '^@rjsf/core$': '<rootDir>/node_modules/@rjsf/core/lib/index.js',
    '^@rjsf/core/lib/(.*)$': '<rootDir>/node_modules/@rjsf/core/lib/$1',
    // As in the build (those it can make: module-swaps.ts); throws when one would no longer apply.
    ...jestModuleSwaps(MODULE_SWAPS, repositoryRoot),
  },
  testTimeout: 20_000,
};

export default config;
