// toRequest(): the Request's path is always event.path, what Fetch cannot carry is a clear error, and the
// body is read one way (through the event or through the Request) with the same rule on every provider.
import { describe, expect, test } from "vitest";
import { createHttpEvent, type HttpEventInit } from "../adapter.ts";
import { defineHandler, json, text } from "../index.ts";
import { httpEvent, invoke } from "../testing.ts";

const event = (over: Partial<HttpEventInit>) =>
  createHttpEvent({ method: "GET", path: "/my/path", headers: { host: "h.example" }, raw: null, ...over });

/** What toRequest() throws for `over`: [status, message]. */
function refusal(over: Partial<HttpEventInit>): [number, string] {
  try {
    event(over).toRequest();
  } catch (error) {
    return [(error as { status: number }).status, (error as Error).message];
  }
  throw new Error("toRequest() did not throw");
}

describe("the Request's path is event.path", () => {
  test.each([
    ["/my/path", ""],
    ["//admin", ""],
    ["/files/a%2F..%2Fsecret", ""],
    ["/files/a%252F..%252Fsecret", "x=1"],
    ["/a%20b/%C3%BC", "q=%23"],
  ])("%s", (path, rawQuery) => {
    const url = new URL(event({ path, rawQuery }).toRequest().url);
    expect([url.host, url.pathname, url.search]).toEqual(["h.example", path, rawQuery === "" ? "" : `?${rawQuery}`]);
  });

  test.each([
    ["h.example/admin?", "a / and a ? end the authority"],
    ["evil@h.example", "an @ adds userinfo"],
    ["h.example#x", "a # ends the URL"],
    ["h.example:99999999", "a port has at most 5 digits"],
    ["", "an empty host"],
  ])("a Host header %j (%s) is a 400, never another path", (host) => {
    expect(refusal({ headers: { host } })).toEqual([
      400,
      "toRequest(): the Host header is not a host name or address (with an optional port)",
    ]);
  });

  test("takes IPv4 and IPv6 hosts with ports", () => {
    expect(event({ headers: { host: "[2001:db8::1]:8443" } }).toRequest().url).toBe("https://[2001:db8::1]:8443/my/path");
    expect(event({ headers: { host: "10.0.0.1:8080" } }).toRequest().url).toBe("https://10.0.0.1:8080/my/path");
  });

  test.each(["/a/../admin", "/a/%2e%2e/admin", "/a\\\\admin"])(
    "a path a URL rewrites (%s) is a 400 naming what it would become",
    (path) => {
      const [status, message] = refusal({ path });
      expect(status).toBe(400);
      expect(message).toMatch(
        /^toRequest\(\): a Fetch Request cannot carry this path as it is \(a URL makes it "\/.*"\); read event.path instead$/,
      );
    },
  );

  test("x-forwarded-proto picks http or https, nothing else", () => {
    expect(event({ headers: { host: "h", "x-forwarded-proto": "HTTP" } }).toRequest().url).toBe("http://h/my/path");
    expect(event({ headers: { host: "h", "x-forwarded-proto": "javascript" } }).toRequest().url).toBe("https://h/my/path");
  });
});

describe("what a Fetch Request cannot carry", () => {
  test.each(["TRACE", "CONNECT", "TRACK"])("the %s method is a 501", (method) => {
    expect(refusal({ method })).toEqual([501, `toRequest(): a Fetch Request cannot carry the method "${method}"`]);
  });

  test("a header name that is not a token is a 400", () => {
    expect(refusal({ headers: { host: "h", "bad name": "x" } })).toEqual([
      400,
      'toRequest(): "bad name" is not a header name a Fetch Request can carry',
    ]);
  });

  test("a header value above Latin-1 travels as its UTF-8 bytes, as a Node server shows them", () => {
    const request = event({ headers: { host: "h", "x-name": "Jürgen ✓" } }).toRequest();
    expect(Buffer.from(request.headers.get("x-name") ?? "", "latin1").toString("utf8")).toBe("Jürgen ✓");
  });

  test("through invoke, the refusal is the answer: 501 for TRACE", async () => {
    const app = defineHandler((e) => (e.kind === "http" ? json(e.toRequest().url) : undefined));
    const response = await invoke(app, httpEvent({ method: "TRACE" }));
    expect([response.status, response.json()]).toEqual([501, { error: 'toRequest(): a Fetch Request cannot carry the method "TRACE"' }]);
  });
});

describe("one body, read one way (the strictest provider's rule, held everywhere)", () => {
  test("read through toRequest(), then event.json(): a 500 whose log says why", async () => {
    const app = defineHandler(async (e) => {
      if (e.kind !== "http") return undefined;
      await e.toRequest().text();
      return json(await e.json());
    });
    const logs: Array<Record<string, unknown>> = [];
    const response = await invoke(app, httpEvent({ method: "POST", body: { a: 1 } }), { logs });
    expect(response.status).toBe(500);
    expect(logs).toMatchObject([
      {
        message: "http handler failed",
        error: {
          name: "TypeError",
          message: "The request body was already read through event.toRequest(): read it there, or through the event",
        },
      },
    ]);
  });

  test("the same with a lazily read body, and with bytes()", async () => {
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new Uint8Array([1]), raw: null });
    await lazy.toRequest().arrayBuffer();
    await expect(lazy.bytes()).rejects.toThrow("The request body was already read through event.toRequest()");
  });

  test("toRequest() made but its body unread: the event reads the body", async () => {
    const e = httpEvent({ method: "POST", body: "hi" });
    e.toRequest();
    expect(await e.text()).toBe("hi");
  });

  test("toRequest() made, its lazy body unread: the event reads the body, even after a wait", async () => {
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new Uint8Array([1]), raw: null });
    lazy.toRequest();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await lazy.bytes()).toEqual(new Uint8Array([1]));
    const base64 = createHttpEvent({ method: "POST", path: "/", headers: {}, body: { base64: "eyJhIjoxfQ==" }, raw: null });
    base64.toRequest();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await base64.json()).toEqual({ a: 1 });
  });

  test("a Request made before the event read a lazy body, read after it: the error says why", async () => {
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new Uint8Array([1]), raw: null });
    const request = lazy.toRequest();
    await lazy.bytes();
    await expect(request.text()).rejects.toThrow(
      new TypeError("The request body was already read through the event: read it there, or call event.toRequest() after reading it"),
    );
  });

  test("read through a clone of the Request, then the event: refused", async () => {
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new Uint8Array([1]), raw: null });
    await lazy.toRequest().clone().arrayBuffer();
    await expect(lazy.bytes()).rejects.toThrow("The request body was already read through event.toRequest()");
  });

  test("read through the event, then toRequest(): the Request carries the same body", async () => {
    const app = defineHandler(async (e) => {
      if (e.kind !== "http") return undefined;
      const viaEvent = await e.text();
      return text(`${viaEvent}|${await e.toRequest().text()}`);
    });
    expect((await invoke(app, httpEvent({ method: "POST", body: "once" }))).text).toBe("once|once");
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new TextEncoder().encode("lazy"), raw: null });
    expect(`${await lazy.text()}|${await lazy.toRequest().text()}`).toBe("lazy|lazy");
  });

  test("a Request made before the event read a lazy body finds it gone, as a native one would", async () => {
    const lazy = createHttpEvent({ method: "POST", path: "/", headers: {}, body: async () => new Uint8Array([1]), raw: null });
    const request = lazy.toRequest();
    await lazy.bytes();
    await expect(request.arrayBuffer()).rejects.toThrow(TypeError);
  });
});
