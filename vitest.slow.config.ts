import { defineConfig } from "vitest/config";
import { SLOW_SUITES } from "./test/tiers.js";

/**
 * The slow tier (`npm run test:slow`): the suites test/tiers.ts names (processes racing on one
 * clone, kill -9, stress runs that count lost writes, and what only separate processes and real
 * git plumbing show). CI runs it after `npm test`.
 */
export default defineConfig({
  test: {
    include: [...SLOW_SUITES],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The stress suites load both cores by themselves: one file at a time.
    maxWorkers: 1,
  },
});
