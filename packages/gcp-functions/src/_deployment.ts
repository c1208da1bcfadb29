// What the deployment says about the function, read where the Functions Framework reads it: its CLI
// flags first, then the environment Google sets (functions-framework-nodejs src/options.ts); and the
// option that overrides both, checked.

/** The framework's signature types: what a deployment delivers (`http` requests, 1st gen `event`s, 2nd gen `cloudevent`s). */
export type SignatureType = "http" | "event" | "cloudevent";

const SIGNATURE_TYPES: ReadonlySet<string> = new Set<SignatureType>(["http", "event", "cloudevent"]);

/** The `signatureType` option of `cloudFunction()`, checked: one of the framework's signature types, or undefined. */
export function signatureTypeOption(value: SignatureType | undefined): SignatureType | undefined {
  if (value === undefined || value === "http" || value === "event" || value === "cloudevent") return value;
  throw new RangeError(`cloudFunction(): signatureType must be "http", "event" or "cloudevent", got ${JSON.stringify(value)}`);
}

/** True when this process is the framework's CLI (`functions-framework`, its `main.js`): only then are its flags ours to read. */
function isFrameworkCli(argv: readonly string[]): boolean {
  return /functions-framework(?:-nodejs)?(?:[/\\]|$)/.test(argv[1] ?? "");
}

/** The value of `--name=value` or `--name value` on the framework's command line, as its minimist reads it. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  if (!isFrameworkCli(argv)) return undefined;
  const flag = `--${name}`;
  for (let i = argv.length - 1; i >= 2; i--) {
    const arg = argv[i] as string;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) {
      const next = argv[i + 1];
      return next === undefined || next.startsWith("--") ? undefined : next;
    }
  }
  return undefined;
}

/**
 * The signature type the deployment was made for: `--signature-type`, else `FUNCTION_SIGNATURE_TYPE`
 * (Google sets it on both generations: `http` for HTTP triggers, `event` for 1st gen event triggers,
 * `cloudevent` for 2nd gen ones), else `http`, the framework's default.
 */
export function deployedSignatureType(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): SignatureType {
  const value = flagValue(argv, "signature-type") ?? env.FUNCTION_SIGNATURE_TYPE;
  return value !== undefined && SIGNATURE_TYPES.has(value) ? (value as SignatureType) : "http";
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(?:\.\d+)?$/.test(value.trim())) return undefined;
  const parsed = Number(value);
  return parsed > 0 ? parsed * 1000 : undefined;
}

/**
 * The function's timeout in ms, where the deployment exposes it: the framework's `--timeout` or
 * `CLOUD_RUN_TIMEOUT_SECONDS` (which the framework reads as its request timeout; Google's 2nd gen
 * runtime sets it, undocumented), else `FUNCTION_TIMEOUT_SEC` (1st gen, set only on its older runtimes,
 * Node.js 8 among them); `undefined` when none says.
 */
export function deployedTimeoutMs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): number | undefined {
  return seconds(flagValue(argv, "timeout")) ?? seconds(env.CLOUD_RUN_TIMEOUT_SECONDS) ?? seconds(env.FUNCTION_TIMEOUT_SEC);
}
