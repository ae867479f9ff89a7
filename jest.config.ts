import type { Config } from 'jest';
import clientProject from './client/jest.config';

const serverProject = (name: string, match: string[]): Config => ({
  displayName: name,
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: match,
  // Per server project (not at the root), so it is transformed with this project's ts-jest settings;
  // the first project to run it creates the run's template database and the others reuse it.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  // json-schema-to-typescript loads prettier's main build, whose dynamic import() Jest cannot run
  // without ESM mode; we format with the standalone build anyway.
  moduleNameMapper: { '^prettier$': 'prettier/standalone' },
});

/**
 * `npm test` runs every tier: unit (pure), integration (real PostgreSQL + Redis), e2e (HTTP),
 * process (the API, the worker and redis-server as child processes, killed for real), client (jsdom
 * components) and browser (Chromium). One template database per run, copied per file.
 */
const config: Config = {
  maxWorkers: 2,
  testTimeout: 60_000,
  projects: [
    serverProject('unit', ['<rootDir>/tests/unit/**/*.test.ts']),
    serverProject('integration', ['<rootDir>/tests/integration/**/*.test.ts']),
    serverProject('e2e', ['<rootDir>/tests/e2e/**/*.test.ts']),
    serverProject('process', ['<rootDir>/tests/process/**/*.test.ts']),
    clientProject,
    serverProject('browser', ['<rootDir>/tests/browser/**/*.test.ts']),
  ],
};

export default config;
