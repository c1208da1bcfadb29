import type { CaseStep, ConformanceCase } from "./types.ts";

/** `count` numbered lines of text: a body far larger than one read of a socket (64 KiB), each byte in its place. */
function numberedLines(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${String(i).padStart(6, "0")}\n`).join("");
}

function largeBodyStep(prefix: string, count: number): CaseStep {
  return {
    input: {
      kind: "http",
      request: {
        method: "POST",
        path: "/upload",
        headers: { host: "example.test", "content-type": "text/plain; charset=utf-8" },
        body: numberedLines(prefix, count),
      },
    },
    // echo: the event, derived from the request (its text and bytes whole), answered as JSON.
    expect: {},
  };
}

/** Request bodies larger than one piece of the transport: they reach the handler whole and in order. */
export const httpLargeBodyCases: ConformanceCase[] = [
  {
    id: "http.body.large-request",
    title: "request bodies of about 210 and 300 KiB reach the handler whole, every byte in its place",
    needs: ["http"],
    steps: [largeBodyStep("first request, line", 8_000), largeBodyStep("second request, line", 11_000)],
  },
];
