// The CI sample's core tests: core's own unit tests.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { projects: [{ extends: true, test: { name: "packages/core", root: "packages/core" } }] },
});
