// The parts of the Request toRequest() builds, exactly.
import { describe, expect, test } from "vitest";
import { requestHeaders, requestUrl } from "./_fetch-request.ts";

/** [status, message] of what `make` throws. */
function refusal(make: () => unknown): [number, string] {
  try {
    make();
  } catch (error) {
    return [(error as { status: number }).status, (error as Error).message];
  }
  throw new Error("did not throw");
}

const BAD_HOST: [number, string] = [400, "toRequest(): the Host header is not a host name or address (with an optional port)"];

describe("requestUrl", () => {
  test("a percent-escape in the host is % and two hex digits", () => {
    expect(requestUrl({ host: "a%41" }, "/", "")).toBe("https://a%41/");
    expect(refusal(() => requestUrl({ host: "a%4" }, "/", ""))).toEqual(BAD_HOST);
    expect(refusal(() => requestUrl({ host: "a%zz" }, "/", ""))).toEqual(BAD_HOST);
  });

  test("x-forwarded-proto's first entry, trimmed", () => {
    expect(requestUrl({ "x-forwarded-proto": "http , https", host: "h" }, "/", "")).toBe("http://h/");
  });

  test("a path that does not start with / is a 400 saying so", () => {
    expect(refusal(() => requestUrl({}, "a", ""))).toEqual([400, "toRequest(): the path does not start with /"]);
    expect(refusal(() => requestUrl({}, "*", ""))).toEqual([400, "toRequest(): the path does not start with /"]);
  });

  test("a # in the query travels encoded", () => {
    expect(requestUrl({}, "/", "a#b")).toBe("https://localhost/?a%23b");
  });

  test("a path a URL only percent-encodes is carried; one with a malformed escape it re-encodes is not", () => {
    expect(requestUrl({}, "/a b", "")).toBe("https://localhost/a b");
    expect(refusal(() => requestUrl({}, "/%zz é", ""))).toEqual([
      400,
      'toRequest(): a Fetch Request cannot carry this path as it is (a URL makes it "/%zz%20%C3%A9"); read event.path instead',
    ]);
  });
});

describe("requestHeaders", () => {
  test("Latin-1 values stay as they are; the record itself when nothing changes", () => {
    const headers = { "x-a": "é", "x-b": "1" };
    expect(requestHeaders(headers)).toBe(headers);
  });

  test("a value above Latin-1 becomes its UTF-8 bytes; the other headers are kept", () => {
    expect(requestHeaders({ "x-a": "1", "x-b": "€" })).toEqual({ "x-a": "1", "x-b": "\u00e2\u0082\u00ac" });
  });
});
