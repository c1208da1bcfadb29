// A package README is read on the registry's page, where a link into the repository (`../../README.md`,
// `../core/README.md`) leads nowhere: links are absolute URLs or anchors within the README.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const READMES = ["core", "aws-lambda", "cloudflare-workers", "cloud-run", "gcp-functions", "oidc"];

describe.each(READMES)("packages/%s/README.md", (name) => {
  test("links only to absolute URLs or to its own headings", () => {
    const text = readFileSync(new URL(`../../${name}/README.md`, import.meta.url), "utf8");
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
