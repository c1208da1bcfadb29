// A package README is read on the registry's page, where a link into the repository (`../../README.md`,
// `../core/README.md`) leads nowhere: links are absolute URLs or anchors within the README.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

// Every published package's README (packages/* and conformance, not private), by its folder from the repository root.
const root = new URL("../../../", import.meta.url);
const READMES = ["conformance", ...readdirSync(new URL("packages/", root)).map((name) => `packages/${name}`)].filter((folder) => {
  const manifest = new URL(`${folder}/package.json`, root);
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { private?: boolean }).private !== true;
});

test("the list holds every published package", () => {
  expect(READMES).toEqual(
    expect.arrayContaining(["conformance", "packages/core", "packages/cloud-run", "packages/gcp-functions", "packages/state-redis"]),
  );
});

describe.each(READMES)("%s/README.md", (folder) => {
  test("links only to absolute URLs or to its own headings", () => {
    const text = readFileSync(new URL(`${folder}/README.md`, root), "utf8");
    const targets = [...text.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1] as string);
    expect(targets.filter((target) => !/^(?:https?:\/\/|#)/.test(target))).toEqual([]);
  });
});

describe("what @fnport/core says it runs on", () => {
  // A provider may be named as a place the handler runs only once its adapter package exists.
  const adapters: Record<string, string> = {
    "AWS Lambda": "aws-lambda",
    "Cloudflare Workers": "cloudflare-workers",
    "Cloud Run": "cloud-run",
    "Cloud Functions": "gcp-functions",
  };
  const present = (dir: string) => existsSync(new URL(`../../${dir}/package.json`, import.meta.url));

  test("the package description names only providers with an adapter package", () => {
    const { description } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { description: string };
    const named = Object.keys(adapters).filter((provider) => description.includes(provider));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((provider) => !present(adapters[provider] as string))).toEqual([]);
  });
});
