// An ordered batch whose handler returns { failed } fails the first failed message and every later one.
import { describe, expect, test } from "vitest";
import { createRunner } from "./adapter.ts";
import { defineHandler, type MessagesEvent } from "./index.ts";
import { messagesEvent } from "./testing.ts";

const batch = (ordered: boolean): MessagesEvent => ({
  ...messagesEvent({ messages: ["m1", "m2", "m3", "m4"].map((id) => ({ id, body: id })) }),
  ordered,
});

describe("a returned { failed } in an ordered batch", () => {
  test.each([
    [["m2"], ["m2", "m3", "m4"]],
    [
      ["m4", "m2"],
      ["m2", "m3", "m4"],
    ],
    [["m1"], ["m1", "m2", "m3", "m4"]],
    [["m4"], ["m4"]],
    [[], []],
  ])("%j fails %j", async (failed, expected) => {
    const runner = createRunner(
      defineHandler(() => ({ failed })),
      { provider: "p" },
    );
    expect(await runner.messages(batch(true), { env: {} })).toEqual(expected);
  });

  test("an id the batch holds twice fails from its first message, however many ids failed", async () => {
    // More than eight failed ids are looked up in a map of the batch, fewer by a scan: both find the first.
    const ids = ["twice", ...Array.from({ length: 10 }, (_, i) => `m${i + 1}`), "twice"];
    const ordered = { ...messagesEvent({ messages: ids.map((id) => ({ id, body: id })) }), ordered: true };
    const failedAfter = async (failed: string[]) =>
      createRunner(
        defineHandler(() => ({ failed })),
        { provider: "p" },
      ).messages(ordered, { env: {} });
    expect([await failedAfter(["twice"]), await failedAfter(["twice", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"])]).toEqual([
      ids,
      ids,
    ]);
  });

  test("an unordered batch fails only what the handler named", async () => {
    const runner = createRunner(
      defineHandler(() => ({ failed: ["m3", "m1"] })),
      { provider: "p" },
    );
    expect(await runner.messages(batch(false), { env: {} })).toEqual(["m3", "m1"]);
  });
});
