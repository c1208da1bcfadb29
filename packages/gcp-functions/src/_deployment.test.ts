import { describe, expect, test } from "vitest";
import { deployedSignatureType, deployedTimeoutMs, flagValue, type SignatureType, signatureTypeOption } from "./_deployment.ts";

const CLI = ["/usr/bin/node", "/app/node_modules/@google-cloud/functions-framework/build/src/main.js"];
const BIN = ["/usr/bin/node", "/app/node_modules/.bin/functions-framework"];
const OTHER = ["/usr/bin/node", "/app/server.js"];

describe("what the deployment says, read where the framework reads it", () => {
  test("flags of the framework's CLI (=value or a separate value, the last one wins; none after a flag that ends the line); another program's flags are not ours", () => {
    expect([
      flagValue([...CLI, "--target=hello", "--signature-type=event"], "signature-type"),
      flagValue([...BIN, "--signature-type", "cloudevent"], "signature-type"),
      flagValue([...CLI, "--signature-type=http", "--signature-type=event"], "signature-type"),
      flagValue([...CLI, "--signature-type", "--port=8080"], "signature-type"),
      flagValue([...CLI, "--target=hello", "--signature-type"], "signature-type"),
      flagValue([...OTHER, "--signature-type=event"], "signature-type"),
      flagValue([...CLI], "timeout"),
    ]).toEqual(["event", "cloudevent", "event", undefined, undefined, undefined, undefined]);
  });

  test("the signature type: the CLI flag, else FUNCTION_SIGNATURE_TYPE, else http; an unknown or empty value is http", () => {
    expect([
      deployedSignatureType([...CLI, "--signature-type=cloudevent"], { FUNCTION_SIGNATURE_TYPE: "event" }),
      deployedSignatureType(CLI, { FUNCTION_SIGNATURE_TYPE: "event" }),
      deployedSignatureType(OTHER, { FUNCTION_SIGNATURE_TYPE: "cloudevent" }),
      deployedSignatureType(CLI, {}),
      deployedSignatureType(CLI, { FUNCTION_SIGNATURE_TYPE: "typed" }),
      deployedSignatureType(OTHER, { FUNCTION_SIGNATURE_TYPE: "" }),
    ]).toEqual(["cloudevent", "event", "cloudevent", "http", "http", "http"]);
  });

  test("the timeout: --timeout, else CLOUD_RUN_TIMEOUT_SECONDS (2nd gen), else FUNCTION_TIMEOUT_SEC (1st gen's older runtimes), in ms", () => {
    expect([
      deployedTimeoutMs([...CLI, "--timeout=30"], { CLOUD_RUN_TIMEOUT_SECONDS: "60", FUNCTION_TIMEOUT_SEC: "90" }),
      deployedTimeoutMs(CLI, { CLOUD_RUN_TIMEOUT_SECONDS: "60", FUNCTION_TIMEOUT_SEC: "90" }),
      deployedTimeoutMs(CLI, { FUNCTION_TIMEOUT_SEC: "540" }),
      deployedTimeoutMs(CLI, { CLOUD_RUN_TIMEOUT_SECONDS: "2.5" }),
      deployedTimeoutMs(CLI, {}),
      deployedTimeoutMs(CLI, { CLOUD_RUN_TIMEOUT_SECONDS: "0", FUNCTION_TIMEOUT_SEC: "soon" }),
    ]).toEqual([30_000, 60_000, 540_000, 2_500, undefined, undefined]);
  });

  test("a timeout is decimal seconds, the whitespace around them ignored; a hex number or a bare fraction is none", () => {
    expect([" 30 ", "2.25", "0x1E", ".5"].map((value) => deployedTimeoutMs(CLI, { CLOUD_RUN_TIMEOUT_SECONDS: value }))).toEqual([
      30_000,
      2_250,
      undefined,
      undefined,
    ]);
  });

  test("the signatureType option: a signature type the framework knows, or undefined; anything else is a RangeError naming it", () => {
    expect([undefined, "http", "event", "cloudevent"].map((value) => signatureTypeOption(value as SignatureType | undefined))).toEqual([
      undefined,
      "http",
      "event",
      "cloudevent",
    ]);
    for (const value of ["", "typed", "HTTP"]) {
      expect(() => signatureTypeOption(value as SignatureType)).toThrow(
        new RangeError(`cloudFunction(): signatureType must be "http", "event" or "cloudevent", got ${JSON.stringify(value)}`),
      );
    }
  });
});
