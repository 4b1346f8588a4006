import { defineConfig } from "vitest/config";
import { GIT_PROPERTY_SUITES, SLOW_PROPERTY_RUNS, SLOW_SUITES } from "./test/tiers.js";

/**
 * The slow tier (`npm run test:slow`): the suites test/tiers.ts names (processes racing on one
 * clone, kill -9, stress runs that count lost writes, and what only separate processes and real
 * git plumbing show), and the property suites that run real git, with many more cases than the
 * fast tier gives them. CI runs it after `npm test`.
 */
export default defineConfig({
  test: {
    include: [...SLOW_SUITES, ...GIT_PROPERTY_SUITES],
    env: { BACKLOG_PROPERTY_RUNS: SLOW_PROPERTY_RUNS },
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The stress suites load both cores by themselves: one file at a time.
    maxWorkers: 1,
  },
});
