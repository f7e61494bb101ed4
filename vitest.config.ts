import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests open real sockets and spawn the CLI; two cores, so keep the pool small.
    maxWorkers: 2,
  },
});
