// Real fixtures read while the cases load, so an expectation can be taken from the file it describes.
import { readFileSync } from "node:fs";
import { fixturesRoot } from "../paths.ts";

/** A fixture from `conformance/fixtures`, parsed. */
export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixturesRoot), "utf8")) as T;
}
