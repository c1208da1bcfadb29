import { afterEach, describe, expect, test, vi } from "vitest";
import { decodeBase64, encodeBase64 } from "./adapter.ts";
import { InvalidBodyError } from "./index.ts";

const samples: Array<[string, Uint8Array]> = [
  ["", new Uint8Array(0)],
  ["AA==", new Uint8Array([0])],
  ["/+8=", new Uint8Array([255, 239])],
  ["aGk=", new TextEncoder().encode("hi")],
  ["aGVsbG8=", new TextEncoder().encode("hello")],
  ["AAEC/f7/", new Uint8Array([0, 1, 2, 253, 254, 255])],
];

const invalid = ["***", "a", "a===", "=", "==", "a=", "ab=", "ab=c", "abcde", "ab cd", "ab\ncd", "ab-_", "abc==", "abcde=", "abcde=="];

describe.each([
  ["with Buffer (Node)", false],
  ["without Buffer (Workers)", true],
])("base64 %s", (_name, withoutBuffer) => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  async function load(): Promise<typeof import("./_base64.ts")> {
    if (!withoutBuffer) return import("./_base64.ts");
    vi.stubGlobal("Buffer", undefined);
    vi.resetModules();
    return import("./_base64.ts");
  }

  test.each(samples)("decodes %j and encodes it back", async (text, bytes) => {
    const base64 = await load();
    expect(base64.decodeBase64(text)).toEqual(bytes);
    expect(base64.encodeBase64(bytes)).toBe(text);
  });

  test("decodes unpadded base64 (padding is optional)", async () => {
    const base64 = await load();
    expect(base64.decodeBase64("aGk")).toEqual(new TextEncoder().encode("hi"));
    expect(base64.decodeBase64("abc")).toEqual(new Uint8Array([0x69, 0xb7]));
    expect([base64.decodeBase64("ab=="), base64.decodeBase64("abc="), base64.decodeBase64("abcdab")]).toEqual([
      new Uint8Array([0x69]),
      new Uint8Array([0x69, 0xb7]),
      new Uint8Array([0x69, 0xb7, 0x1d, 0x69]),
    ]);
  });

  test("round-trips every byte value and a view into a larger buffer", async () => {
    const base64 = await load();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64.decodeBase64(base64.encodeBase64(all))).toEqual(all);
    const view = new Uint8Array(all.buffer, 10, 5);
    expect(base64.encodeBase64(view)).toBe("CgsMDQ4=");
    const large = Uint8Array.from({ length: 0x8000 * 2 + 3 }, (_, i) => (i * 7) % 256);
    expect(base64.decodeBase64(base64.encodeBase64(large))).toEqual(large);
  });

  test.each(invalid)("rejects %j with InvalidBodyError('Body is not valid base64')", async (text) => {
    const base64 = await load();
    const { InvalidBodyError: LoadedInvalidBodyError } = await import("./errors.ts");
    expect(() => base64.decodeBase64(text)).toThrow(LoadedInvalidBodyError);
    expect(() => base64.decodeBase64(text)).toThrow("Body is not valid base64");
  });
});

test("the Buffer-less path really runs without Buffer", async () => {
  vi.stubGlobal("Buffer", undefined);
  vi.resetModules();
  const atob = vi.spyOn(globalThis, "atob");
  const { decodeBase64: decodeWithoutBuffer } = await import("./_base64.ts");
  expect(decodeWithoutBuffer("aGk=")).toEqual(new TextEncoder().encode("hi"));
  expect(atob).toHaveBeenCalledWith("aGk=");
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

test("decodeBase64 from the adapter entry throws the public InvalidBodyError", () => {
  expect(() => decodeBase64("***")).toThrow(InvalidBodyError);
  expect(encodeBase64(new Uint8Array([104, 105]))).toBe("aGk=");
});
