import { describe, expect, it } from "vitest";
import { splitUrl } from "./fetch.ts";

describe("splitUrl", () => {
  it.each([
    ["https://example.test/a%20b/c?q=1&q=2", "/a%20b/c", "q=1&q=2"],
    ["https://example.test/", "/", ""],
    ["https://example.test", "/", ""],
    ["https://example.test?x=1", "/", "x=1"],
    ["https://example.test/p?", "/p", ""],
    ["https://example.test/p?a=1?b=2", "/p", "a=1?b=2"],
    ["https://example.test/p#frag?not-query", "/p", ""],
    ["https://example.test/p?x=1#frag", "/p", "x=1"],
    ["https://user:pw@example.test:8443/%2F%3F?%26=%3D", "/%2F%3F", "%26=%3D"],
    ["http://127.0.0.1:8787/hello", "/hello", ""],
  ])("%s → path %s, query %s", (url, path, rawQuery) => {
    expect(splitUrl(url)).toEqual({ path, rawQuery });
  });

  it("keeps the path as the runtime normalised it (no decoding)", () => {
    expect(splitUrl(new Request("https://example.test/ä b/../c?ü=1").url)).toEqual({ path: "/c", rawQuery: "%C3%BC=1" });
  });
});
