import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The slow tier has its own config (vitest.slow.config.ts, `npm run test:slow`).
    exclude: ["test/slow/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most integration tests wait on child processes (git, the CLI), so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
