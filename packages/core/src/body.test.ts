import * as v from "valibot";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { createHttpEvent, createMessage, parseJsonBody } from "./adapter.ts";
import { InvalidBodyError } from "./index.ts";
import { httpEvent, messagesEvent } from "./testing.ts";

const ItemsZodSchema = z.object({ items: z.array(z.object({ name: z.string() })) });
const ItemsValibotSchema = v.object({ items: v.array(v.object({ name: v.string() })) });
const BAD_ITEMS = '{"items":[{"name":"a"},{"name":7}]}';

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

function jsonSyntaxMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

describe("text(), bytes(), json()", () => {
  test("reads a text body as text, UTF-8 bytes and JSON", async () => {
    const event = httpEvent({ method: "POST", body: '{"name":"Zoë"}' });
    expect(await event.text()).toBe('{"name":"Zoë"}');
    expect(await event.bytes()).toEqual(new TextEncoder().encode('{"name":"Zoë"}'));
    expect(await event.json()).toEqual({ name: "Zoë" });
  });

  test("reads a byte body as UTF-8 text and JSON", async () => {
    const event = httpEvent({ method: "POST", body: new TextEncoder().encode('["é",1]') });
    expect(await event.text()).toBe('["é",1]');
    expect(await event.json()).toEqual(["é", 1]);
  });

  test("a missing body is empty text and empty bytes", async () => {
    const event = httpEvent();
    expect(await event.text()).toBe("");
    expect(await event.bytes()).toEqual(new Uint8Array(0));
  });

  test("each helper called twice gives the same result from its cache", async () => {
    const event = httpEvent({ method: "POST", body: '{"a":[1,2]}' });
    const firstBytes = await event.bytes();
    expect(await event.bytes()).toBe(firstBytes);
    const firstJson = await event.json();
    expect(await event.json()).toBe(firstJson);
    expect(firstJson).toEqual({ a: [1, 2] });
    expect(await event.text()).toBe('{"a":[1,2]}');
    expect(await event.text()).toBe('{"a":[1,2]}');
  });

  test("json() after text() parses the same body", async () => {
    const event = httpEvent({ method: "POST", body: new TextEncoder().encode('{"n":1}') });
    expect(await event.text()).toBe('{"n":1}');
    expect(await event.json()).toEqual({ n: 1 });
  });

  test("calls a reader source once for text(), bytes() and json()", async () => {
    const read = vi.fn(async () => new TextEncoder().encode('{"ok":true}'));
    const event = createHttpEvent({ method: "POST", path: "/", headers: {}, body: read, raw: null });
    expect(await Promise.all([event.text(), event.bytes(), event.json(), event.json()])).toEqual([
      '{"ok":true}',
      new TextEncoder().encode('{"ok":true}'),
      { ok: true },
      { ok: true },
    ]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});

describe("a reader source with bytes that are not UTF-8", () => {
  test("bytes() after text() are the bytes as read, not the decoded text re-encoded", async () => {
    const binary = new Uint8Array([0xef, 0xbb, 0xbf, 0, 1, 2, 253, 254, 255]);
    const event = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => binary, raw: null });
    expect(await event.text()).toBe("\u0000\u0001\u0002\ufffd\ufffd\ufffd");
    expect(await event.bytes()).toEqual(binary);
  });
});

describe("invalid JSON", () => {
  test.each([
    ["a text body", "{not json"],
    ["a byte body", new TextEncoder().encode("{not json")],
  ])("rejects %s with InvalidBodyError naming the syntax error, every time", async (_name, body) => {
    const event = httpEvent({ method: "POST", body });
    for (let i = 0; i < 2; i++) {
      const error = await rejection(event.json());
      expect(error).toBeInstanceOf(InvalidBodyError);
      expect(error).toMatchObject({
        status: 400,
        message: `Body is not valid JSON: ${jsonSyntaxMessage("{not json")}`,
        issues: [],
        details: {},
      });
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  test("rejects an empty body", async () => {
    expect(await rejection(httpEvent({ method: "POST", body: "" }).json())).toMatchObject({
      name: "InvalidBodyError",
      message: `Body is not valid JSON: ${jsonSyntaxMessage("")}`,
    });
  });

  test("rejects json(schema) with the syntax error before validating", async () => {
    const error = await rejection(httpEvent({ method: "POST", body: "[1," }).json(ItemsZodSchema));
    expect(error).toBeInstanceOf(InvalidBodyError);
    expect((error as Error).message).toBe(`Body is not valid JSON: ${jsonSyntaxMessage("[1,")}`);
  });
});

describe("json(schema)", () => {
  test.each([
    ["zod", ItemsZodSchema],
    ["valibot", ItemsValibotSchema],
  ])("returns the %s schema's output for a valid body", async (_name, schema) => {
    const event = httpEvent({ method: "POST", body: '{"items":[{"name":"a","extra":1}]}' });
    expect(await event.json(schema)).toEqual({ items: [{ name: "a" }] });
  });

  test("returns zod's transformed output (defaults applied)", async () => {
    const schema = z.object({ name: z.string().default("world"), n: z.string().transform(Number) });
    expect(await httpEvent({ method: "POST", body: '{"n":"7"}' }).json(schema)).toEqual({ name: "world", n: 7 });
  });

  test("rejects a zod failure with every issue, its dotted path and message", async () => {
    const schema = z.object({ items: z.array(z.object({ name: z.string() })), count: z.number().int() });
    const error = await rejection(httpEvent({ method: "POST", body: '{"items":[{"name":1}],"count":1.5}' }).json(schema));
    expect(error).toBeInstanceOf(InvalidBodyError);
    expect(error).toMatchObject({
      status: 400,
      message: "Body does not match the schema",
      issues: [
        { path: "items.0.name", message: "Invalid input: expected string, received number" },
        { path: "count", message: "Invalid input: expected int, received number" },
      ],
    });
    expect((error as InvalidBodyError).details).toEqual({ issues: (error as InvalidBodyError).issues });
  });

  test("rejects a valibot failure with every issue, its dotted path and message", async () => {
    const error = await rejection(httpEvent({ method: "POST", body: BAD_ITEMS }).json(ItemsValibotSchema));
    expect(error).toBeInstanceOf(InvalidBodyError);
    expect((error as InvalidBodyError).issues).toEqual([{ path: "items.1.name", message: "Invalid type: Expected string but received 7" }]);
  });

  test("names the root with an empty path", async () => {
    const error = await rejection(httpEvent({ method: "POST", body: "5" }).json(z.string()));
    expect((error as InvalidBodyError).issues).toEqual([{ path: "", message: "Invalid input: expected string, received number" }]);
  });

  test("validates with an async schema", async () => {
    const schema = z.string().refine(async (value) => value === "yes", "must be yes");
    expect(await httpEvent({ method: "POST", body: '"yes"' }).json(schema)).toBe("yes");
    const error = await rejection(httpEvent({ method: "POST", body: new TextEncoder().encode('"no"') }).json(schema));
    expect((error as InvalidBodyError).issues).toEqual([{ path: "", message: "must be yes" }]);
  });

  test("validates a cached body again with another schema", async () => {
    const event = httpEvent({ method: "POST", body: '{"items":[{"name":"a"}]}' });
    expect(await event.json()).toEqual({ items: [{ name: "a" }] });
    expect(await event.json(ItemsZodSchema)).toEqual({ items: [{ name: "a" }] });
    const error = await rejection(event.json(z.object({ items: z.array(z.number()) })));
    expect((error as InvalidBodyError).issues).toEqual([{ path: "items.0", message: "Invalid input: expected number, received object" }]);
  });

  test("rejects a value that is not a Standard Schema with a TypeError", async () => {
    const error = await rejection(httpEvent({ method: "POST", body: "{}" }).json({} as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("json(schema) expects a Standard Schema (zod 4, valibot, arktype, ...)");
  });
});

describe("__proto__ in JSON", () => {
  test.each([
    ["a text body", '{"__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true},"b":1}}'],
    ["a byte body", new TextEncoder().encode('{"__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true},"b":1}}')],
  ])("drops __proto__ keys from %s without touching any prototype", async (_name, body) => {
    const parsed = (await httpEvent({ method: "POST", body }).json()) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(parsed.polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(["a"]);
    expect(parsed.a).toEqual({ b: 1 });
  });

  test("drops a __proto__ key spelled with \\u escapes", () => {
    for (const text of [String.raw`{"\u005f_proto__":{"polluted":true},"a":1}`, String.raw`{"__\u0070roto__":{"polluted":true},"a":1}`]) {
      const parsed = parseJsonBody(text) as Record<string, unknown>;
      expect([Object.keys(parsed), Object.getPrototypeOf(parsed), ({} as Record<string, unknown>).polluted]).toEqual([
        ["a"],
        Object.prototype,
        undefined,
      ]);
    }
  });

  test("keeps escapes in values and keys that are not __proto__", () => {
    expect(parseJsonBody(String.raw`{"caf\u00e9":"\u00e9\n","x__proto__y":1}`)).toEqual({ café: "é\n", x__proto__y: 1 });
  });

  test("parseJsonBody keeps a body without __proto__ as it is", () => {
    expect(parseJsonBody('{"constructor":{"prototype":1},"proto":2}')).toEqual({ constructor: { prototype: 1 }, proto: 2 });
  });
});

describe("a base64 body source", () => {
  test("decodes valid base64 on first read", async () => {
    const message = createMessage({ id: "m", body: { base64: "eyJhIjoiw6kifQ==" }, raw: null });
    expect(await message.text()).toBe('{"a":"é"}');
    expect(await message.json()).toEqual({ a: "é" });
    expect(await message.bytes()).toEqual(new TextEncoder().encode('{"a":"é"}'));
  });

  test.each(["***", "a", "a===", "ab=c", "abc=="])("rejects %j with InvalidBodyError('Body is not valid base64')", async (base64) => {
    const event = createHttpEvent({ method: "POST", path: "/", headers: {}, body: { base64 }, raw: null });
    for (const read of [() => event.bytes(), () => event.text(), () => event.json()]) {
      const error = await rejection(read());
      expect(error).toBeInstanceOf(InvalidBodyError);
      expect(error).toMatchObject({ status: 400, message: "Body is not valid base64" });
    }
  });
});

describe("message bodies", () => {
  test("a message built from a JSON value reads back as that JSON", async () => {
    const [message] = messagesEvent({ messages: [{ body: { order: 1, items: ["a"] } }] }).messages;
    expect(await message?.text()).toBe('{"order":1,"items":["a"]}');
    expect(await message?.json(z.object({ order: z.number() }))).toEqual({ order: 1 });
  });
});

describe("nesting depth: one rule, whatever the body holds", () => {
  const deep = (levels: number, inner: string) => `${'{"a":'.repeat(levels)}${inner}${"}".repeat(levels)}`;
  const innermost = (value: unknown, levels: number): unknown => {
    let current = value;
    for (let i = 0; i < levels; i++) current = (current as { a: unknown }).a;
    return current;
  };

  test.each([
    ["plain", "1", 1],
    ["with a \\u escape (parsed the other way before, which overflowed the stack)", '"\\u00e9"', "é"],
    ["with a __proto__ key deep inside", '{"__proto__":{"polluted":true},"b":2}', { b: 2 }],
  ])("a body nested 100,000 levels deep parses, %s", async (_name, inner, expected) => {
    const value = innermost(await httpEvent({ method: "POST", body: deep(100_000, inner) }).json(), 100_000);
    expect(value).toEqual(expected);
    if (typeof value === "object") expect(Object.hasOwn(value as object, "__proto__")).toBe(false);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("__proto__ keys inside arrays", () => {
  test("are dropped at any depth, among nulls, numbers and strings", () => {
    const parsed = parseJsonBody(
      '[{"__proto__":{"polluted":true},"a":[null,1,"s",{"__proto__":{"polluted":true},"b":2},[{"__proto__":{"polluted":true},"c":3}]]}]',
    );
    expect(parsed).toEqual([{ a: [null, 1, "s", { b: 2 }, [{ c: 3 }]] }]);
    const [outer] = parsed as [{ a: [null, number, string, object, [object]] }];
    expect([Object.hasOwn(outer, "__proto__"), Object.hasOwn(outer.a[3], "__proto__"), Object.hasOwn(outer.a[4][0], "__proto__")]).toEqual([
      false,
      false,
      false,
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("text() of a text body", () => {
  test("is the string as given, even one that is not well-formed UTF-16 (a lone surrogate)", async () => {
    const event = httpEvent({ method: "POST", body: "a\ud800b" });
    expect(await event.text()).toBe("a\ud800b");
  });
});

describe("json(schema) with a lazily read body", () => {
  test("returns the schema's output, or rejects with its issues", async () => {
    const read = async () => new TextEncoder().encode('{"items":[{"name":"a","extra":1}]}');
    const event = createHttpEvent({ method: "POST", path: "/", headers: {}, body: read, raw: null });
    expect(await event.json(ItemsZodSchema)).toEqual({ items: [{ name: "a" }] });
    const bad = createHttpEvent({
      method: "POST",
      path: "/",
      headers: {},
      body: async () => new TextEncoder().encode(BAD_ITEMS),
      raw: null,
    });
    const error = await rejection(bad.json(ItemsValibotSchema));
    expect(error).toBeInstanceOf(InvalidBodyError);
    expect((error as InvalidBodyError).issues).toEqual([{ path: "items.1.name", message: "Invalid type: Expected string but received 7" }]);
  });
});

describe("one body, claimed by whoever reads it first", () => {
  const READ_THROUGH_REQUEST = "The request body was already read through event.toRequest(): read it there, or through the event";

  test("read through toRequest() first: every helper refuses, every time", async () => {
    const event = httpEvent({ method: "POST", body: '{"a":1}' });
    expect(await event.toRequest().text()).toBe('{"a":1}');
    for (let i = 0; i < 2; i++) {
      for (const read of [() => event.text(), () => event.bytes(), () => event.json()]) {
        const error = await rejection(read());
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toBe(READ_THROUGH_REQUEST);
      }
    }
  });

  test("read through the event first: the helpers keep reading after the Request's body is read too", async () => {
    const event = httpEvent({ method: "POST", body: '{"a":1}' });
    expect(await event.text()).toBe('{"a":1}');
    expect(await event.toRequest().text()).toBe('{"a":1}');
    expect([await event.text(), await event.json(), await event.bytes()]).toEqual([
      '{"a":1}',
      { a: 1 },
      new TextEncoder().encode('{"a":1}'),
    ]);
  });

  test.each([
    ["text", "héllo"],
    ["bytes", new TextEncoder().encode("héllo")],
  ])("a %s body in memory: a Request made before the event read it still reads it after", async (_name, body) => {
    const event = httpEvent({ method: "POST", body });
    const request = event.toRequest();
    expect(await event.text()).toBe("héllo");
    expect(await request.text()).toBe("héllo");
  });
});

describe("toRequest() body", () => {
  test("a POST without a body has none", () => {
    expect(createHttpEvent({ method: "POST", path: "/", headers: {}, raw: null }).toRequest().body).toBeNull();
    expect(createHttpEvent({ method: "POST", path: "/", headers: {}, body: null, raw: null }).toRequest().body).toBeNull();
  });

  test("a text body adds no content-type the client did not send", async () => {
    const request = createHttpEvent({ method: "POST", path: "/", headers: {}, body: "héllo", raw: null }).toRequest();
    expect([[...request.headers], await request.text()]).toEqual([[], "héllo"]);
    const typed = createHttpEvent({ method: "POST", path: "/", headers: { "content-type": "application/json" }, body: "{}", raw: null });
    expect([...typed.toRequest().headers]).toEqual([["content-type", "application/json"]]);
  });
});
