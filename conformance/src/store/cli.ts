#!/usr/bin/env node
// `fnport-store-conformance --store MODULE`: holds a store to the store suite from the command line.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { KeyValueStore } from "@fnport/core";
import { runStoreConformance, type StoreFactory } from "./run.ts";

const HELP = `Usage: fnport-store-conformance --store MODULE [options]

Runs the fnport store suite on a KeyValueStore and prints one line per check.
MODULE's default export is a function returning the store (or a promise of it), or
{ name?, create(), dispose?(store) }. A TypeScript module needs a loader: node --import tsx.

Options:
  --store MODULE      the module that makes the store (required)
  --only TEXT         run only the checks whose id contains TEXT
  --ttl-seconds N     the TTL expiry is checked with (default 1)
  --settle-ms N       how long an eventual store may take to show a write (default 60000 for eventual stores)
  --json FILE         also write the results as JSON
  -h, --help          this text

Exit codes: 0 every check passed or was skipped, 1 a check failed, 2 bad usage or the store could not be made.`;

function usage(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      store: { type: "string" },
      only: { type: "string" },
      "ttl-seconds": { type: "string" },
      "settle-ms": { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (typeof values.store !== "string") usage("--store MODULE is required");
const number = (name: string): number | undefined => {
  const text = values[name];
  if (text === undefined) return undefined;
  const parsed = Number(text);
  if (!Number.isFinite(parsed) || parsed < 0) usage(`--${name} must be a non-negative number, got ${text}`);
  return parsed;
};
const ttlSeconds = number("ttl-seconds");
const settleMs = number("settle-ms");

let factory: StoreFactory;
let store: KeyValueStore;
try {
  const loaded: unknown = (await import(pathToFileURL(resolve(values.store)).href)).default;
  if (typeof loaded === "function") factory = { create: loaded as StoreFactory["create"] };
  else if (typeof (loaded as StoreFactory | undefined)?.create === "function") factory = loaded as StoreFactory;
  else throw new Error("its default export is neither a function returning a store nor { create() }");
  store = await factory.create();
} catch (error) {
  console.error(`Could not make the store from ${values.store}: ${(error as Error).message}`);
  process.exit(2);
}

const results = await runStoreConformance(store, {
  ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  ...(settleMs === undefined ? {} : { settleMs }),
  ...(typeof values.only === "string" ? { only: values.only } : {}),
});

const SYMBOL = { pass: "✓", fail: "✗", skip: "·" } as const;
console.log(
  `Store suite: ${factory.name ?? store.name} (${store.consistency}, atomic conditional writes: ${store.atomicConditionalWrites})`,
);
for (const result of results) {
  const note = result.message === undefined ? "" : `\n      ${result.message.split("\n").join("\n      ")}`;
  console.log(`  ${SYMBOL[result.status]} ${result.id}: ${result.title} (${result.ms} ms)${note}`);
}
const count = (status: string) => results.filter((result) => result.status === status).length;
console.log(`${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
if (typeof values.json === "string") await writeFile(values.json, `${JSON.stringify({ store: store.name, results }, null, 2)}\n`);
await factory.dispose?.(store);
process.exit(count("fail") > 0 ? 1 : 0);
