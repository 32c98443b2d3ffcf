import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{server,workers,sandbox,lib,components,scripts,bench,test}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          environment: "node",
          globalSetup: ["test/int/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files run in parallel, each in its own database cloned from a migrated template.
          pool: "forks",
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          env: { LOG_LEVEL: "silent", NODE_ENV: "test" },
        },
      },
    ],
  },
});
