// The conformance suite ALONE, as the test command of mutation testing: an adapter's harness module
// through describeConformance, nothing else (no unit test of the adapter helps kill its mutants).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

/** A vitest config running only `test/conformance.test.ts` of each package root given. */
export function conformanceConfig(...roots: string[]) {
  return defineConfig({
    root: fileURLToPath(new URL("..", import.meta.url)),
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      projects: roots.map((root) => ({
        extends: true as const,
        test: { name: `${root} (conformance)`, root, include: ["test/conformance.test.ts"] },
      })),
    },
  });
}
