// event.path decodes exactly once to the path the client asked for, on every integration, whether the
// integration passes the path as sent (REST APIs, Function URLs, ALB) or decoded once (HTTP APIs).
import { describe, expect, test } from "vitest";
import { deliverHttp, fixture } from "../test-helpers.ts";
import { encodedPath, isPlainPath, reencodedPath } from "./_shared.ts";

/** The native event each integration builds for a request whose path the client sent as `sent`. */
const arriving: Record<string, (sent: string) => Record<string, unknown>> = {
  // REST APIs, Function URLs and ALB pass the path as sent; HTTP APIs decode it once (payload 2.0
  // `rawPath` and 1.0 `path`), the way hotsock/voker#8's live captures show.
  "apigw-v1 (REST API)": (sent) => ({ ...fixture("apigw-v1-rest-proxy.json"), path: sent }),
  "apigw-v1 (HTTP API, payload 1.0)": (sent) => ({ ...fixture("apigw-v1-rest-proxy-multivalue.json"), path: decodeURIComponent(sent) }),
  "apigw-v2 (HTTP API)": (sent) => ({ ...fixture("apigw-v2-http-api.json"), rawPath: decodeURIComponent(sent) }),
  "function-url": (sent) => ({ ...fixture("function-url-request.json"), rawPath: sent }),
  alb: (sent) => ({ ...fixture("alb-request-single-value-headers.json"), path: sent }),
  "alb-multi": (sent) => ({ ...fixture("alb-request-multi-value-headers.json"), path: sent }),
};

describe.each(Object.keys(arriving))("%s: event.path decodes exactly once to the client's path", (integration) => {
  const pathOf = async (sent: string) => (await deliverHttp((arriving[integration] as (sent: string) => unknown)(sent))).path;

  test("a double-encoded slash stays one level encoded: /files/a%252F..%252Fsecret never becomes /files/a/../secret", async () => {
    const path = await pathOf("/files/a%252F..%252Fsecret");
    expect([path, decodeURIComponent(path)]).toEqual(["/files/a%252F..%252Fsecret", "/files/a%2F..%2Fsecret"]);
  });

  test("an encoded percent sign stays encoded: /100%25 decodes to /100%", async () => {
    const path = await pathOf("/100%25/x");
    expect([path, decodeURIComponent(path)]).toEqual(["/100%25/x", "/100%/x"]);
  });

  test("spaces and non-ASCII characters are encoded as UTF-8", async () => {
    const path = await pathOf("/a%20b/J%C3%BCrgen");
    expect([path, decodeURIComponent(path)]).toEqual(["/a%20b/J%C3%BCrgen", "/a b/Jürgen"]);
  });

  test("a plain path is kept as it is", async () => {
    expect(await pathOf("/users/42/orders;v=1")).toBe("/users/42/orders;v=1");
  });
});

describe("what each integration cannot tell apart", () => {
  test("HTTP APIs decode %2F into / before Lambda sees it: the segment boundary is lost, the decoded path is right", async () => {
    const event = { ...fixture("apigw-v2-http-api.json"), rawPath: decodeURIComponent("/a%2Fb") };
    expect((await deliverHttp(event)).path).toBe("/a/b");
  });
});

describe("encodedPath and reencodedPath", () => {
  test.each([
    ["/plain/path", "/plain/path", "/plain/path"],
    ["/a b", "/a%20b", "/a%20b"],
    ["/50%/x", "/50%25/x", "/50%25/x"],
    ["/a%2Fb", "/a%2Fb", "/a%252Fb"],
    ["/q?x#y", "/q%3Fx%23y", "/q%3Fx%23y"],
    ["/ü", "/%C3%BC", "/%C3%BC"],
    ["/a\uD800b", "/a%EF%BF%BDb", "/a%EF%BF%BDb"],
  ])("%j → as sent %j, re-encoded %j", (path, kept, reencoded) => {
    expect([encodedPath(path), reencodedPath(path)]).toEqual([kept, reencoded]);
  });
});

describe("isPlainPath", () => {
  test("a path is plain exactly when re-encoding leaves it as it is, for every single UTF-16 code unit", () => {
    const disagree: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const path = `/a${String.fromCharCode(code)}b`;
      if (isPlainPath(path) !== (reencodedPath(path) === path)) disagree.push(code);
    }
    expect(disagree).toEqual([]);
  });

  test.each([
    ["/", true],
    ["", true],
    ["/hello/World-1.2_3~", true],
    ["/a%20b", false],
    ["/a b", false],
    ["/ü", false],
  ])("%j → %j", (path, plain) => {
    expect(isPlainPath(path)).toBe(plain);
  });
});
