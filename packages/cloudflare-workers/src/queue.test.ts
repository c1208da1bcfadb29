import type { BodySource } from "@fnport/core/adapter";
import { describe, expect, it } from "vitest";
import { messageBody } from "./queue.ts";

async function read(source: BodySource): Promise<string> {
  if (source == null) return "";
  if (typeof source === "string") return source;
  if (source instanceof Uint8Array) return new TextDecoder().decode(source);
  if (typeof source === "function") return new TextDecoder().decode(await source());
  throw new Error("unexpected base64 source");
}

describe("messageBody", () => {
  it("keeps a string as it is", () => {
    expect(messageBody("{not json")).toBe("{not json");
  });

  it("reads bytes from a Uint8Array, an ArrayBuffer, and any other view over its own range", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(messageBody(bytes)).toBe(bytes);
    expect(messageBody(bytes.buffer)).toEqual(bytes);
    const buffer = new Uint8Array([9, 1, 2, 3, 9]).buffer;
    expect(messageBody(new DataView(buffer, 1, 3))).toEqual(bytes);
    expect(messageBody(new Uint16Array([0x0201]))).toEqual(new Uint8Array([1, 2]));
  });

  it("has no body for undefined", () => {
    expect(messageBody(undefined)).toBeNull();
  });

  it("writes other values as JSON, with Map, Set, BigInt, Date and nested bytes made JSON-able", async () => {
    expect(await read(messageBody(42))).toBe("42");
    expect(await read(messageBody(null))).toBe("null");
    expect(await read(messageBody(new Date(0)))).toBe('"1970-01-01T00:00:00.000Z"');
    expect(
      await read(
        messageBody({
          map: new Map<unknown, unknown>([
            ["a", 1],
            [2, "b"],
          ]),
          set: new Set(["x"]),
          big: 2n ** 70n,
          bytes: new Uint8Array([7]),
        }),
      ),
    ).toBe('{"map":{"2":"b","a":1},"set":["x"],"big":"1180591620717411303424","bytes":[7]}');
  });

  it("rejects a value that cannot be JSON on read, so only that message fails", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const source = messageBody(cyclic) as () => Promise<Uint8Array>;
    await expect(source()).rejects.toMatchObject({ name: "InvalidBodyError", status: 400 });
  });
});
