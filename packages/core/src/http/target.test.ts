import { describe, expect, test } from "vitest";
import { splitRequestTarget } from "../adapter.ts";

describe("splitRequestTarget", () => {
  test("splits an origin-form target, keeping percent-encoding in both parts", () => {
    expect(splitRequestTarget("/a%20b/c?name=J%C3%BCrgen&x=a+b")).toEqual({ path: "/a%20b/c", rawQuery: "name=J%C3%BCrgen&x=a+b" });
  });

  test("splits an absolute URL after its authority, dropping the fragment", () => {
    expect(splitRequestTarget("https://user@example.test:8443/p/q?x=1#top")).toEqual({ path: "/p/q", rawQuery: "x=1" });
    expect(splitRequestTarget("http://example.test?x=1")).toEqual({ path: "/", rawQuery: "x=1" });
    expect(splitRequestTarget("http://example.test#frag?not=query")).toEqual({ path: "/", rawQuery: "" });
    expect(splitRequestTarget("http://example.test")).toEqual({ path: "/", rawQuery: "" });
  });

  test("keeps a `?` inside the query and an empty query after `?`", () => {
    expect(splitRequestTarget("/search?q=a?b&r=%3F")).toEqual({ path: "/search", rawQuery: "q=a?b&r=%3F" });
    expect(splitRequestTarget("/p?")).toEqual({ path: "/p", rawQuery: "" });
  });

  test("gives an empty path `/` and a relative one a leading `/`; `*` stays", () => {
    expect(splitRequestTarget("")).toEqual({ path: "/", rawQuery: "" });
    expect(splitRequestTarget("?x=1")).toEqual({ path: "/", rawQuery: "x=1" });
    expect(splitRequestTarget("a/b?c")).toEqual({ path: "/a/b", rawQuery: "c" });
    expect(splitRequestTarget("*")).toEqual({ path: "*", rawQuery: "" });
  });

  test("does not take `://` inside a path or query for a scheme", () => {
    expect(splitRequestTarget("/redirect?to=https://other.test/x")).toEqual({ path: "/redirect", rawQuery: "to=https://other.test/x" });
    expect(splitRequestTarget("/a/http://b")).toEqual({ path: "/a/http://b", rawQuery: "" });
  });
});

test("an absolute URL that is only a scheme and host has the path /", () => {
  expect(splitRequestTarget("https://h.example")).toEqual({ path: "/", rawQuery: "" });
  expect(splitRequestTarget("https://h.example?x=1#f")).toEqual({ path: "/", rawQuery: "x=1" });
});
