import { defineConfig } from "vitest/config";

/**
 * The slow tier (`npm run test:slow`): real processes racing on one clone, kill -9, and stress
 * runs that count lost writes over hundreds of operations. CI runs it after `npm test`.
 */
export default defineConfig({
  test: {
    include: ["test/slow/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each suite loads both cores by itself: one at a time.
    maxWorkers: 1,
  },
});
