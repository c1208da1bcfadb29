// The CI sample's conformance tests: the Lambda harnesses alone (in-process, so the sample stays short).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "packages/aws-lambda (conformance)", root: "packages/aws-lambda", include: ["test/conformance.test.ts"] },
      },
    ],
  },
});
