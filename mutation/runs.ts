// What `pnpm mutation` mutates, and with which tests: each adapter's translation files against the
// conformance suite alone, and core plus the adapters against the whole suite.

/** A group of StrykerJS runs whose scores add up to one goal. */
export type Goal = "conformance" | "whole";

export interface MutationRun {
  /** Names the run and its files in mutation/reports. */
  name: string;
  goal: Goal;
  /** Globs of the files to mutate (repo-relative). */
  mutate: string[];
  /** The vitest config whose tests must kill the mutants. */
  vitestConfig: string;
  /**
   * The run whose kills explain this run's survivors: a conformance survivor the adapter's package tests kill
   * (`whole-<adapter>`) is what no delivery reaches. It still counts against this run's score.
   */
  explainedBy?: string;
  /**
   * The run whose stored kills this run starts from where it has no results of its own (`seeded` in _store.ts):
   * one whose tests are a part of this run's (an adapter's conformance tests, for its whole run).
   */
  seededBy?: string;
}

const NOT_SOURCE = ["!**/*.test.ts", "!**/*.test-d.ts", "!**/test-helpers.ts"];

/** Every file of an adapter that turns native input into portable events and results back into native output. */
export const TRANSLATION_FILES: Readonly<Record<string, string[]>> = {
  "aws-lambda": [
    "packages/aws-lambda/src/**/*.ts",
    ...NOT_SOURCE,
    "!packages/aws-lambda/src/index.ts",
    "!packages/aws-lambda/src/native-types.ts",
  ],
  "cloudflare-workers": [
    "packages/cloudflare-workers/src/fetch.ts",
    "packages/cloudflare-workers/src/queue.ts",
    "packages/cloudflare-workers/src/scheduled.ts",
    "packages/cloudflare-workers/src/worker.ts",
    "packages/cloudflare-workers/src/_options.ts",
  ],
  "cloud-run": ["packages/cloud-run/src/**/*.ts", ...NOT_SOURCE, "!packages/cloud-run/src/index.ts"],
  "gcp-functions": ["packages/gcp-functions/src/**/*.ts", ...NOT_SOURCE, "!packages/gcp-functions/src/index.ts"],
};

/**
 * Files of a translation list the conformance runs leave out, with the reason: what no delivery reaches
 * (the whole-suite runs still mutate them, against their unit tests).
 */
const NOT_DELIVERED: Readonly<Record<string, string[]>> = {
  // The deployment as the Functions Framework's CLI flags and Google's environment describe it (signature
  // type, timeout), and the check of the signatureType option: configuration, which no delivery carries.
  // `backgroundCloudEvent`, exported for direct callers: the check of a body not yet known to be a background
  // event, before the mapping. A delivery reaches the mapping only through the event hook, which checks first.
  "gcp-functions": ["!packages/gcp-functions/src/_deployment.ts", "!packages/gcp-functions/src/background-cloud-event.ts"],
  // `worker()`'s options, checked when the module object is built: a delivery reaches a worker already built.
  "cloudflare-workers": ["!packages/cloudflare-workers/src/_options.ts"],
  // `lambda()`'s integration and stream options, checked when the handler is built: a delivery reaches a handler already built.
  "aws-lambda": ["!packages/aws-lambda/src/_options.ts"],
  // `toNodeHandler()`'s and `cloudRun()`'s limits, event options and port, checked when they are built: a delivery
  // reaches a handler already built.
  "cloud-run": ["!packages/cloud-run/src/_options.ts"],
};

/** Core: every source file (types-only files have no mutants). */
export const CORE_FILES: string[] = [
  "packages/core/src/**/*.ts",
  ...NOT_SOURCE,
  "!packages/core/src/index.ts",
  "!packages/core/src/adapter.ts",
];

export const RUNS: readonly MutationRun[] = [
  ...Object.entries(TRANSLATION_FILES).map(([adapter, mutate]) => ({
    name: `conformance-${adapter}`,
    goal: "conformance" as const,
    mutate: [...mutate, ...(NOT_DELIVERED[adapter] ?? [])],
    // One adapter's conformance tests: a static mutant (one that runs at import) runs every test of the config.
    vitestConfig: `mutation/vitest.conformance-${adapter}.ts`,
    explainedBy: `whole-${adapter}`,
  })),
  // The whole-suite runs take each package's own tests, not the whole suite (mutation/vitest.whole.ts): a
  // static mutant (one that runs at import) runs every test of the config, about 5 minutes for the whole suite
  // here, and core alone has about 4,000 mutants. What a part of the suite kills, the whole suite kills: each
  // score is a lower bound of the whole suite's (README, "Mutation testing").
  { name: "whole-core", goal: "whole", mutate: CORE_FILES, vitestConfig: "mutation/vitest.core.ts" },
  ...Object.entries(TRANSLATION_FILES).map(([adapter, mutate]) => ({
    name: `whole-${adapter}`,
    goal: "whole" as const,
    mutate,
    vitestConfig: `mutation/vitest.${adapter}.ts`,
    // Its tests include the adapter's conformance tests, under the same file and names.
    seededBy: `conformance-${adapter}`,
  })),
];

/**
 * The fixed sample `.ci/run` runs (`pnpm mutation --sample`): two small translation files against the
 * conformance suite alone, and one core file against core's own tests, so it stays within a minute or two.
 */
export const SAMPLE: readonly MutationRun[] = [
  {
    name: "sample-conformance",
    goal: "conformance",
    mutate: ["packages/aws-lambda/src/sns.ts", "packages/aws-lambda/src/s3.ts"],
    vitestConfig: "mutation/vitest.conformance-aws-lambda.ts",
  },
  {
    name: "sample-core",
    goal: "whole",
    mutate: ["packages/core/src/http/query.ts"],
    vitestConfig: "mutation/vitest.core.ts",
  },
];

/** The goals: the share of mutants the tests must kill. */
export const GOALS: Readonly<Record<Goal, number>> = { conformance: 0.9, whole: 0.95 };
