// Unit and integration tests: server tests run in Node, component tests opt into happy-dom per file.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: [
      'server/**/*.test.ts',
      'widget/**/*.test.{ts,tsx}',
      'i18n/**/*.test.ts',
      'inbox/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'sdk/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
