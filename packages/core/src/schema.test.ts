import * as v from "valibot";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { InvalidBodyError, validate } from "./index.ts";

describe("validate", () => {
  test.each([
    ["zod", z.object({ id: z.coerce.number() })],
    ["valibot", v.object({ id: v.pipe(v.string(), v.transform(Number)) })],
  ])("resolves to the %s schema's output", async (_name, schema) => {
    expect(await validate(schema, { id: "7" })).toEqual({ id: 7 });
  });

  test.each([
    ["zod", z.object({ tags: z.array(z.string()) }), "Invalid input: expected string, received number"],
    ["valibot", v.object({ tags: v.array(v.string()) }), "Invalid type: Expected string but received 3"],
  ])("rejects a %s failure with an InvalidBodyError listing the issue", async (_name, schema, message) => {
    const rejected = validate(schema, { tags: ["a", 3] });
    await expect(rejected).rejects.toBeInstanceOf(InvalidBodyError);
    await expect(rejected).rejects.toMatchObject({
      status: 400,
      message: "Body does not match the schema",
      issues: [{ path: "tags.1", message }],
    });
  });

  test("rejects a value that is not a Standard Schema with a TypeError", async () => {
    await expect(validate({ "~standard": {} } as never, 1)).rejects.toThrow(
      new TypeError("json(schema) expects a Standard Schema (zod 4, valibot, arktype, ...)"),
    );
  });

  test("reads path segments given as { key } objects", async () => {
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "custom",
        validate: () => ({ issues: [{ message: "bad", path: [{ key: "a" }, 2, { key: "b" }] }, { message: "no path" }] }),
      },
    };
    await expect(validate(schema, {})).rejects.toMatchObject({
      issues: [
        { path: "a.2.b", message: "bad" },
        { path: "", message: "no path" },
      ],
    });
  });
});
