import { defineConfig } from "vitest/config";

// Tests run against each package's `src` through the `source` export condition: no build needed.
const conditions = ["source", "module", "node", "development|production"];

const project = (root: string, globalSetup?: string) => ({
  extends: true as const,
  test: { name: root, root, ...(globalSetup ? { globalSetup } : {}) },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      project("packages/core"),
      project("packages/cloudflare-workers"),
      project("packages/aws-lambda"),
      project("examples/hello"),
      project("conformance"),
      project("packages/state-redis", "test/redis-server.ts"),
    ],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
