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
      // Its verifier tests wait out real cache lifetimes (1.1 s sleeps) and sign with RSA: over 5 s on a loaded machine.
      project("packages/oidc", { testTimeout: 20_000 }),
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
      project("examples/harness"),
      // The mutation tooling's own rules (which report verdicts explain a survivor), not a mutation run.
      project("mutation"),
      // The examples run on real backends: redis-server and dynalite, started once for the project (the store packages' setups).
      {
        resolve: { conditions: nodeConditions },
        ssr: { resolve: { conditions: nodeConditions } },
        test: {
          name: "examples/todos",
          root: "examples/todos",
          globalSetup: ["../../packages/state-redis/test/redis-server.ts", "../../packages/state-dynamodb/test/dynalite.ts"],
        },
      },
      {
        resolve: { conditions: nodeConditions },
        ssr: { resolve: { conditions: nodeConditions } },
        test: {
          name: "examples/queue-worker",
          root: "examples/queue-worker",
          globalSetup: ["../../packages/state-redis/test/redis-server.ts", "../../packages/state-dynamodb/test/dynalite.ts"],
        },
      },
    ],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
