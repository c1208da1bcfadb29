// The root config's test projects, as the test command of mutation testing, without type-level tests: a
// mutant changes no types worth checking, and tsc would run per mutant. Each project keeps the settings the
// root config gives it (its servers, its timeouts).
import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";
import base from "../vitest.config.ts";

type Project = TestProjectInlineConfiguration & { test: { name: string } };

/** The root config running only the projects named (every project when none is). */
export function suiteConfig(...names: string[]) {
  const projects = (base.test?.projects ?? []) as Project[];
  const chosen = names.length === 0 ? projects : projects.filter((project) => names.includes(project.test.name));
  const missing = names.filter((name) => !projects.some((project) => project.test.name === name));
  if (missing.length > 0) throw new Error(`mutation: no test project named ${missing.join(", ")} in vitest.config.ts`);
  return {
    ...base,
    root: fileURLToPath(new URL("..", import.meta.url)),
    test: { ...base.test, projects: chosen, typecheck: { enabled: false } },
  };
}
