import type { Logger } from "./logger.ts";

/** The default `env`: process environment variables. Workers users pass their bindings type instead. */
export type DefaultEnv = Readonly<Record<string, string | undefined>>;

/** What a handler gets beside its event. */
export interface Context<Deps = unknown, Env = DefaultEnv> {
  /** `aws-lambda`, `cloudflare-workers`, `gcp-functions`, `cloud-run`, or a third-party adapter's name. */
  readonly provider: string;
  readonly requestId: string;
  /** The tenant of the invocation where the provider isolates tenants (Lambda tenant isolation mode); else undefined. */
  readonly tenantId: string | undefined;
  /** True on an instance's first invocation. */
  readonly coldStart: boolean;
  /** When the provider stops the invocation, in epoch ms; undefined where there is no wall-clock limit. */
  readonly deadline: number | undefined;
  /** Milliseconds until `deadline` (`Infinity` without one). */
  remainingMs(): number;
  /** Aborts shortly before `deadline` with a `TimeoutError`; created on first read. */
  readonly signal: AbortSignal;
  /** Keeps work going after the result: the native `waitUntil` on Workers, awaited before the invocation returns elsewhere. */
  waitUntil(promise: Promise<unknown>): void;
  /** Process environment, or the Workers bindings. */
  readonly env: Env;
  /** JSON-lines logger; every line carries `requestId`. */
  readonly log: Logger;
  /** What `init` returned. */
  readonly deps: Deps;
  /** The provider's own context object (Lambda context, Workers `ExecutionContext`, ...). */
  readonly native: unknown;
}
