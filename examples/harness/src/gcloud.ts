// The README's `gcloud functions deploy` lines, read and checked offline: every flag is one `gcloud functions
// deploy` takes (its reference page), the runtime is a Node runtime Google offers, one trigger per deployment,
// and the values the runtime driver needs (entry point, topic, environment) come from these lines, not from the test.

/** The flags of `gcloud functions deploy` (https://cloud.google.com/sdk/gcloud/reference/functions/deploy) used or likely here. */
const KNOWN_FLAGS = new Set([
  "region",
  "gen2",
  "no-gen2",
  "runtime",
  "source",
  "entry-point",
  "trigger-http",
  "trigger-topic",
  "trigger-bucket",
  "trigger-event-filters",
  "trigger-location",
  "trigger-service-account",
  "allow-unauthenticated",
  "no-allow-unauthenticated",
  "retry",
  "timeout",
  "memory",
  "cpu",
  "concurrency",
  "max-instances",
  "min-instances",
  "service-account",
  "run-service-account",
  "set-env-vars",
  "set-secrets",
  "vpc-connector",
  "egress-settings",
  "ingress-settings",
]);
const TRIGGERS = ["trigger-http", "trigger-topic", "trigger-bucket", "trigger-event-filters"];
/** Google's supported Node.js runtimes for Cloud Run functions; the Functions Framework 5 needs Node ≥ 20. */
const NODE_RUNTIMES = new Set(["nodejs20", "nodejs22", "nodejs24"]);

export interface GcloudDeployment {
  name: string;
  flags: Record<string, string | true>;
  entryPoint: string;
  /** `http`, or the topic of `--trigger-topic`. */
  trigger: { http: true } | { topic: string };
  env: Record<string, string>;
  /** Timeout in seconds (`--timeout=30s`), when given. */
  timeoutSeconds: number | undefined;
}

/** Every `gcloud functions deploy` command of a Markdown text's `sh` blocks (continuation lines joined). */
export function gcloudDeployLines(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    const joined = (block[1] as string).replace(/\\\n\s*/g, " ");
    for (const line of joined.split("\n")) if (/^\s*gcloud functions deploy /.test(line)) commands.push(line.trim());
  }
  return commands;
}

/** Parses one command; `problems` collects what Google would refuse or what the function could not run with. */
export function parseGcloudDeploy(command: string, problems: string[]): GcloudDeployment {
  const words = command.split(/\s+/).slice(3);
  const name = words.shift() ?? "";
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) problems.push(`${name}: a function name is lower-case letters, digits and hyphens`);
  const flags: Record<string, string | true> = {};
  for (const word of words) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(word);
    if (!match) {
      problems.push(`${name}: "${word}" is not a --flag`);
      continue;
    }
    const flag = match[1] as string;
    if (!KNOWN_FLAGS.has(flag)) problems.push(`${name}: gcloud functions deploy has no --${flag}`);
    flags[flag] = match[2] ?? true;
  }
  const triggers = TRIGGERS.filter((flag) => flag in flags);
  if (triggers.length !== 1) problems.push(`${name}: one trigger flag, got ${triggers.length}`);
  if (flags.gen2 !== true) problems.push(`${name}: --gen2 (the harness runs 2nd gen deliveries)`);
  if (!NODE_RUNTIMES.has(String(flags.runtime))) problems.push(`${name}: --runtime must be one of ${[...NODE_RUNTIMES].join(", ")}`);
  if (typeof flags["entry-point"] !== "string") problems.push(`${name}: --entry-point names the registered function`);
  if (typeof flags.source !== "string") problems.push(`${name}: --source is the folder with package.json`);
  const env: Record<string, string> = {};
  if (typeof flags["set-env-vars"] === "string")
    for (const pair of flags["set-env-vars"].split(",")) {
      const [key, ...value] = pair.split("=");
      env[key as string] = value.join("=");
    }
  let timeoutSeconds: number | undefined;
  if (flags.timeout !== undefined) {
    const match = /^(\d+)s$/.exec(String(flags.timeout));
    if (!match) problems.push(`${name}: --timeout is a duration like 30s`);
    else timeoutSeconds = Number(match[1]);
  }
  const topic = flags["trigger-topic"];
  return {
    name,
    flags,
    entryPoint: String(flags["entry-point"]),
    trigger: typeof topic === "string" ? { topic } : { http: true },
    env,
    timeoutSeconds,
  };
}

/** The README's deployments, or the problems found in them. */
export function gcloudDeployments(markdown: string): { deployments: GcloudDeployment[]; problems: string[] } {
  const problems: string[] = [];
  const deployments = gcloudDeployLines(markdown).map((command) => parseGcloudDeploy(command, problems));
  return { deployments, problems };
}

/**
 * What Google's Node.js build needs from the function's package.json: a `gcp-build` script (Google runs it
 * after `npm install`) that bundles to `main` (what the framework loads), the framework external (one copy:
 * the registration lives in its module) and among the dependencies, and the createRequire banner (ioredis is
 * CommonJS inside the ESM bundle).
 */
export function checkGcpBuild(pkg: { main?: string; scripts?: Record<string, string>; dependencies?: Record<string, string> }): void {
  const line = pkg.scripts?.["gcp-build"] ?? "";
  const problems: string[] = [];
  if (!line.startsWith("esbuild ")) problems.push("gcp-build is an esbuild line");
  if (pkg.main === undefined || !line.includes(`--outfile=${pkg.main}`)) problems.push(`gcp-build writes main (${pkg.main})`);
  if (!line.includes("--format=esm") || !pkg.main?.endsWith(".mjs")) problems.push("an ESM bundle in a .mjs file");
  if (!line.includes("--external:@google-cloud/functions-framework")) problems.push("the framework stays external");
  if (pkg.dependencies?.["@google-cloud/functions-framework"] === undefined) problems.push("the framework is a dependency");
  if (!line.includes("--banner:js=import{createRequire}from'node:module';const require=createRequire(import.meta.url);"))
    problems.push("the createRequire banner");
  if (problems.length > 0) throw new Error(`package.json: ${problems.join("; ")}`);
}
