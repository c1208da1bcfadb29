import { defineHandler } from "@fnport/core";
import { getFunction } from "@google-cloud/functions-framework/testing";
import { expect, test } from "vitest";
import { cloudFunction, type SignatureType } from "../src/index.ts";

const app = defineHandler(() => ({ status: 204 }));

test("cloudFunction registers one HTTP function under the name and returns it (so it can be exported instead)", () => {
  const registered = cloudFunction("register-test", app, { write: () => {} });
  expect([typeof registered, getFunction("register-test") === registered]).toEqual(["function", true]);
});

test("a signature type the framework does not know, or a name it refuses, is an error at registration", () => {
  expect(() => cloudFunction("register-bad-type", app, { signatureType: "typed" as SignatureType })).toThrow(
    new RangeError('cloudFunction(): signatureType must be "http", "event" or "cloudevent", got "typed"'),
  );
  expect(() => cloudFunction("9-starts-with-a-digit", app)).toThrow(new Error("Invalid function name: 9-starts-with-a-digit"));
});
