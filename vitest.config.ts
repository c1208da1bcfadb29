import { defineConfig } from "vitest/config";

// Tests run against each package's `src` through the `source` export condition: no build needed.
const conditions = ["source", "module", "node", "development|production"];

const project = (root: string) => ({
  extends: true as const,
  test: { name: root, root },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      project("packages/core"),
      project("packages/cloudflare-workers"),
      project("packages/aws-lambda"),
      project("packages/cloud-run"),
      project("examples/hello"),
      project("conformance"),
    ],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
