/**
 * The tests `npm run mutate` runs against each mutant of analysis/ and the publication gate: the
 * unit and gate tests that exercise them (the browser tests and the planted-data site build add
 * seconds to minutes per mutant and test the site, not these functions).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/analysis/**/*.test.ts',
      'tests/security/gate-rules.test.ts',
      'tests/security/gate-output.test.ts',
      'tests/scripts/score.test.ts',
      'tests/research/events.test.ts',
      'tests/procedures/format-2.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
