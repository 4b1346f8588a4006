import { defineConfig } from "vitest/config";
import { SLOW_SUITES } from "./test/tiers.js";

/** The fast tier (`npm test`): every suite but the slow ones test/tiers.ts names. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...SLOW_SUITES, "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // One module graph per worker, not per file: importing src afresh for each of 120 files was
    // a sixth of the tier's time. Tests share no module state but caches keyed by repository.
    isolate: false,
    // Most integration tests wait on git, so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
