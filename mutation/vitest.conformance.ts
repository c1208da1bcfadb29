// The conformance suite ALONE, as the test command of mutation testing: each adapter's harness module
// through describeConformance, nothing else (no unit test of the adapter helps kill its mutants).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];
const conformanceOf = (root: string) => ({
  extends: true as const,
  test: { name: `${root} (conformance)`, root, include: ["test/conformance.test.ts"] },
});

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [conformanceOf("packages/aws-lambda"), conformanceOf("packages/cloudflare-workers")],
  },
});
