// Request bodies as clients send them: chunked (no content-length), up to the adapter's limit and one byte
// past it, empty; toRequest() beside the event's own reads; a client that leaves mid-response; a plain result
// whose bytes are already encoded.
import { createHash } from "node:crypto";
import { BODY_READ_LIMIT_BYTES } from "../app-bodies.ts";
import type { HttpRequestSpec } from "../types.ts";
import { jsonResponse } from "./_expect.ts";
import type { CaseStep, ConformanceCase, ResponseExpectation } from "./types.ts";

const CHUNKED = { "transfer-encoding": "chunked" };

/** `size` bytes of text that differ along the way (a byte moved or dropped changes the digest). */
function bodyOf(size: number): string {
  let text = "";
  for (let line = 0; text.length < size; line++) text += `line ${line} of a body sent in pieces\n`;
  return text.slice(0, size);
}

const post = (body: string, headers: Record<string, string> = {}): { kind: "http"; request: HttpRequestSpec } => ({
  kind: "http",
  request: { method: "POST", path: "/upload", headers: { host: "example.test", ...headers }, body },
});

/** What the `body-digest` behaviour answers for a body read whole. */
const digested = (body: string): ResponseExpectation =>
  jsonResponse(200, { bytes: Buffer.byteLength(body), sha256: createHash("sha256").update(body).digest("hex") });

/** The 413 a body larger than the adapter reads gets (`BodyTooLargeError`, an HttpError: no log line). */
const TOO_LARGE: ResponseExpectation = jsonResponse(413, { error: `Request body is larger than ${BODY_READ_LIMIT_BYTES} bytes` });

const AT_LIMIT = bodyOf(BODY_READ_LIMIT_BYTES);
const PAST_LIMIT = bodyOf(BODY_READ_LIMIT_BYTES + 1);
// Large enough that the runtime hands it over in several pieces.
const LARGE = bodyOf(100_000);

/** A step whose client leaves while the `/ticks` body streams, after the answer's head. */
function leavesDuring(behaviour: string): CaseStep {
  return {
    input: { kind: "http", request: { method: "GET", path: "/ticks", headers: { host: "example.test" } } },
    behaviour,
    expect: { disconnect: true, response: { status: 200 } },
  };
}

/** The step after a client left: the handler's `ctx.signal` was aborted with an `AbortError`. */
const CLIENT_GONE: CaseStep = {
  input: { kind: "http", request: { method: "GET", path: "/gone", headers: { host: "example.test" } } },
  behaviour: "client-gone",
  expect: { response: jsonResponse(200, { aborted: true, reason: { name: "AbortError", message: "The client disconnected" } }) },
};

export const httpRequestBodyCases: ConformanceCase[] = [
  {
    id: "http.body.limit",
    title: "a body of exactly the adapter's limit is read whole; one byte more answers 413",
    needs: ["http", "http:body-limit-on-read"],
    steps: [
      { input: post(AT_LIMIT), behaviour: "body-digest", expect: { response: digested(AT_LIMIT) } },
      { input: post(PAST_LIMIT), behaviour: "body-digest", expect: { response: TOO_LARGE } },
    ],
  },
  {
    id: "http.body.chunked",
    title: "a chunked body (no content-length) reads as the bytes sent: a large one, a short one, an empty one",
    needs: ["http", "http:chunked-request"],
    steps: [
      { input: post(LARGE, CHUNKED), behaviour: "body-digest", expect: { response: digested(LARGE) } },
      { input: post("short, in one piece", CHUNKED), expect: {} },
      { input: post("", CHUNKED), expect: {} },
    ],
  },
  {
    id: "http.body.chunked-limit",
    title: "a chunked body of exactly the adapter's limit is read whole; one byte more answers 413",
    needs: ["http", "http:body-limit-on-read", "http:chunked-request"],
    steps: [
      { input: post(AT_LIMIT, CHUNKED), behaviour: "body-digest", expect: { response: digested(AT_LIMIT) } },
      { input: post(PAST_LIMIT, CHUNKED), behaviour: "body-digest", expect: { response: TOO_LARGE } },
    ],
  },
  {
    id: "http.body.request-unread-then-event",
    title: "toRequest() called but not read leaves the body to the event",
    needs: ["http"],
    steps: [{ input: post('{"n":1}'), behaviour: "request-unread-then-event", expect: { response: jsonResponse(200, '{"n":1}') } }],
  },
  {
    id: "http.body.event-then-request-bodyless",
    title: "a GET read through the event, then through toRequest(): both empty",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/upload", headers: { host: "example.test" } } },
        behaviour: "event-then-request",
        expect: { response: jsonResponse(200, { viaEvent: "", viaRequest: "" }) },
      },
    ],
  },
  {
    id: "http.request.client-disconnect",
    title: "a client that leaves while the response streams aborts ctx.signal with an AbortError",
    needs: ["http", "http:client-disconnect"],
    steps: [leavesDuring("stream-until-gone"), CLIENT_GONE],
  },
  {
    id: "http.request.client-disconnect-read-late",
    title: "ctx.signal first read after the client left (in waitUntil work) is already aborted with an AbortError",
    needs: ["http", "http:client-disconnect"],
    steps: [leavesDuring("stream-then-signal"), CLIENT_GONE],
  },
  {
    id: "http.stream.client-leaves",
    title:
      "a client that leaves while a body streams (a Fetch Response, a streamed result) cancels its source with an Error and aborts ctx.signal; a source that fails after it left is not logged",
    needs: ["http", "logs", "http:client-leaves-stream"],
    steps: [
      ...["", "as=result"].flatMap((rawQuery) => [
        {
          input: { kind: "http" as const, request: { method: "GET", path: "/ticks", rawQuery, headers: { host: "example.test" } } },
          behaviour: "ticks-until-cancelled",
          expect: { disconnect: true as const, response: { status: 200 } },
        },
        {
          input: { kind: "http" as const, request: { method: "GET", path: "/cancelled", headers: { host: "example.test" } } },
          behaviour: "body-cancelled",
          expect: { response: jsonResponse(200, { cancelled: true, reason: { name: "Error", message: "The client disconnected" } }) },
        },
      ]),
      leavesDuring("stream-until-gone"),
      CLIENT_GONE,
      // ctx.signal first read after the client left, in the body: already aborted.
      leavesDuring("ticks-then-signal"),
      CLIENT_GONE,
      // The disconnect step fails on any log line.
      {
        input: { kind: "http", request: { method: "GET", path: "/fails", headers: { host: "example.test" } } },
        behaviour: "response-fails-when-gone",
        expect: { disconnect: true, response: { status: 200 } },
      },
    ],
  },
  {
    id: "http.stream.client-leaves-before-answer",
    title:
      "a client that leaves before any answer: the body of the Fetch Response or streamed result the handler then returns is cancelled with an Error, unread; one without a body is dropped; nothing is logged",
    needs: ["http", "logs", "http:client-leaves-stream"],
    steps: [
      leftBeforeAnswer("as=empty"),
      ...["", "as=result"].flatMap((rawQuery) => [
        leftBeforeAnswer(rawQuery),
        {
          input: { kind: "http" as const, request: { method: "GET", path: "/left", headers: { host: "example.test" } } },
          behaviour: "left-body",
          expect: {
            response: jsonResponse(200, { pulled: 0, cancelled: true, reason: { name: "Error", message: "The client disconnected" } }),
          },
        },
      ]),
    ],
  },
  {
    id: "context.wait-until-after-answer",
    title: "work handed to ctx.waitUntil that finishes after the answer still runs to its end",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/later", headers: { host: "example.test" } } },
        behaviour: "background-late",
        expect: { response: jsonResponse(200, { done: false }) },
      },
      {
        input: { kind: "http", request: { method: "GET", path: "/later", headers: { host: "example.test" } } },
        behaviour: "background-done",
        expect: { response: jsonResponse(200, { done: true }) },
      },
    ],
  },
  {
    id: "http.result.encoded-bytes",
    title: "a plain result with content-encoding arrives as the bytes given (not encoded again)",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/result", headers: { host: "example.test" } } },
        behaviour: "result-gzip",
        expect: {
          response: {
            status: 200,
            headers: { "content-encoding": "gzip", "content-type": "application/json" },
            bodyBase64: "H4sIAAAAAAACA6tWykjNyclXslIqzy/KSVGqBQDRQQnYEQAAAA==",
          },
        },
      },
    ],
  },
];

/** A step whose client leaves once the handler runs, before it answers (`answer-after-client-left`, `rawQuery` picks the answer). */
function leftBeforeAnswer(rawQuery: string): CaseStep {
  return {
    input: { kind: "http", request: { method: "GET", path: "/leave", rawQuery, headers: { host: "example.test" } } },
    behaviour: "answer-after-client-left",
    expect: { disconnect: "before-answer" },
  };
}
