import { describe, expect, test } from "vitest";
import { checkOptions } from "./_options.ts";

const refused = (got: string) => new TypeError(`lambda(): stream must be true or a list of "function-url", "apigw-v1", got ${got}`);

describe("lambda()'s stream option", () => {
  test.each([true, false, undefined, ["function-url"], ["apigw-v1"], ["apigw-v1", "function-url"]])("%j is accepted", (stream) => {
    expect(() => checkOptions(undefined, stream)).not.toThrow();
  });

  test.each([
    ["a name alone, not in a list", "function-url", '"function-url"'],
    ["an object", { "function-url": true }, '{"function-url":true}'],
    ["an empty list", [], "[]"],
    ["a list with an integration that cannot stream after one that can", ["function-url", "alb"], '["function-url","alb"]'],
  ])("%s is refused with the accepted values", (_, stream, got) => {
    expect(() => checkOptions(undefined, stream)).toThrow(refused(got));
  });
});
