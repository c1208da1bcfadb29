import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CAPABILITIES, type Capability, type ConformanceHarness, DELIVERY_MODELS, type DeliveryModel } from "./types.ts";

/**
 * What a harness module exports as its default: a harness, several, or a function (sync or async,
 * called once per run) returning either. Importing the module must start nothing: `start()` does.
 */
export type HarnessModuleExport =
  | ConformanceHarness
  | readonly ConformanceHarness[]
  | (() => ConformanceHarness | readonly ConformanceHarness[] | Promise<ConformanceHarness | readonly ConformanceHarness[]>);

/** A harness module that cannot be used: the message says what is wrong and where. */
export class HarnessError extends Error {
  override name = "HarnessError";
}

const known = new Set<string>(CAPABILITIES);

/** The delivery model a harness declares (`delivery:*`), or undefined when it delivers no messages. */
export function deliveryModel(harness: ConformanceHarness): DeliveryModel | undefined {
  return DELIVERY_MODELS.find((model) => harness.capabilities.has(`delivery:${model}`));
}

/** Throws a `HarnessError` saying what is wrong with `harness` (from `where`), so a run never starts on a broken one. */
export function checkHarness(harness: unknown, where: string): asserts harness is ConformanceHarness {
  const fail = (problem: string): never => {
    throw new HarnessError(`${where}: ${problem}`);
  };
  if (typeof harness !== "object" || harness === null) return fail(`expected a ConformanceHarness object, got ${String(harness)}`);
  const { name, capabilities, start, lacks } = harness as Partial<ConformanceHarness>;
  if (typeof name !== "string" || name.trim() === "") return fail("the harness has no name");
  const named = `${where}: harness "${name}"`;
  if (!(capabilities instanceof Set)) throw new HarnessError(`${named}: capabilities must be a Set of capability names`);
  if (typeof start !== "function") throw new HarnessError(`${named}: start() is missing`);
  for (const capability of [...capabilities, ...Object.keys(lacks ?? {})]) {
    if (!known.has(capability)) {
      throw new HarnessError(`${named}: unknown capability ${JSON.stringify(capability)} (the suite knows ${CAPABILITIES.join(", ")})`);
    }
  }
  const models = DELIVERY_MODELS.filter((model) => capabilities.has(`delivery:${model}` satisfies Capability));
  if (capabilities.has("messages") && models.length !== 1) {
    const declared = models.length === 0 ? "none" : models.join(" and ");
    throw new HarnessError(
      `${named}: a harness with "messages" declares exactly one delivery model (delivery:per-message, delivery:single or delivery:all-or-nothing), it declares ${declared}`,
    );
  }
  if (!capabilities.has("messages") && models.length > 0) {
    throw new HarnessError(`${named}: declares delivery:${models[0]} without "messages"`);
  }
  const { messageSource, providerHeaders } = harness as Partial<ConformanceHarness>;
  if (capabilities.has("messages") && (typeof messageSource !== "string" || messageSource === "")) {
    throw new HarnessError(`${named}: a harness with "messages" names the event.source of its batches (messageSource)`);
  }
  for (const side of ["request", "response"] as const) {
    for (const [header, why] of Object.entries(providerHeaders?.[side] ?? {})) {
      if (header !== header.toLowerCase())
        throw new HarnessError(`${named}: providerHeaders.${side} names headers in lower case, got ${header}`);
      if (typeof why !== "string" || why.trim() === "") {
        throw new HarnessError(`${named}: providerHeaders.${side}["${header}"] says why the provider adds it`);
      }
    }
  }
}

/**
 * The harnesses of a harness module's default export (see `HarnessModuleExport`), each checked; names
 * must be unique. `where` names the module in errors.
 */
export async function resolveHarnesses(exported: unknown, where = "the harness module"): Promise<ConformanceHarness[]> {
  if (exported === undefined) {
    throw new HarnessError(
      `${where} has no default export: export default a ConformanceHarness, an array of them, or a function returning either`,
    );
  }
  const value = typeof exported === "function" ? await (exported as () => unknown)() : exported;
  const harnesses: unknown[] = Array.isArray(value) ? value : [value];
  if (harnesses.length === 0) throw new HarnessError(`${where} exports no harness (an empty array)`);
  const names = new Set<string>();
  for (const harness of harnesses) {
    checkHarness(harness, where);
    if (names.has(harness.name)) throw new HarnessError(`${where}: two harnesses are named "${harness.name}"`);
    names.add(harness.name);
  }
  return harnesses as ConformanceHarness[];
}

const TYPESCRIPT = /\.[cm]?tsx?$/;
// Node without a TypeScript loader refuses `.ts` (20, 22 before type stripping), or cannot strip some syntax.
const NEEDS_LOADER = new Set(["ERR_UNKNOWN_FILE_EXTENSION", "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX", "ERR_NO_TYPESCRIPT"]);

async function importModule(url: URL, path: string): Promise<{ default?: unknown }> {
  try {
    return (await import(url.href)) as { default?: unknown };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (!TYPESCRIPT.test(path) || typeof code !== "string" || !NEEDS_LOADER.has(code)) throw error;
  }
  // TypeScript this Node cannot load by itself: through tsx (an optional peer dependency), registered once.
  let tsx: { register(): unknown };
  try {
    tsx = (await import("tsx/esm/api")) as typeof tsx;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new HarnessError(
      `${path} is TypeScript, which Node ${process.versions.node} does not load by itself: install tsx (npm install --save-dev tsx) and fnport-conformance loads it through tsx, or run it as node --import tsx, or compile the harness to JavaScript`,
    );
  }
  if (!tsxRegistered) {
    tsx.register();
    tsxRegistered = true;
  }
  // A new URL: the failed import is cached under the old one.
  return (await import(`${url.href}?fnport-conformance=tsx`)) as { default?: unknown };
}
let tsxRegistered = false;

/** Imports the harness module at `path` (TypeScript or JavaScript, relative to the working folder) and returns its checked harnesses. */
export async function loadHarnessModule(path: string): Promise<ConformanceHarness[]> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) throw new HarnessError(`--harness ${path}: no such file (${absolute})`);
  const module = await importModule(pathToFileURL(absolute), path);
  return resolveHarnesses(module.default, path);
}
