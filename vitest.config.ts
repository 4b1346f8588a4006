import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most integration tests wait on child processes (git, the CLI), so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
