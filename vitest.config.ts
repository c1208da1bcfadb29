import { defineConfig } from "vitest/config";

// Tests run against each package's `src` through the `source` export condition: no build needed.
const conditions = ["source", "module", "node", "development|production"];
const nodeConditions = ["source", "node", "development|production"];

const project = (root: string, test: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name: root, root, ...test },
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
      project("packages/gcp-functions"),
      project("packages/oidc"),
      project("examples/hello"),
      project("docs"),
      project("examples/pocket-adapter"),
      project("conformance"),
      project("packages/state-redis", { globalSetup: "test/redis-server.ts" }),
      // Not extending the root: the AWS SDK's "module" builds import files without extensions, which Node refuses.
      {
        resolve: { conditions: nodeConditions },
        ssr: { resolve: { conditions: nodeConditions } },
        test: { name: "packages/state-dynamodb", root: "packages/state-dynamodb", globalSetup: "test/dynalite.ts" },
      },
      project("bench"),
    ],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
