import type { QueueBatchSpec, QueueBodySpec } from "../types.ts";
import { logLine } from "./_expect.ts";
import type { ConformanceCase } from "./types.ts";

const TIMESTAMP = "2026-01-01T00:00:01.000Z";

/** Bodies a Queues producer may send besides strings (structured-clone values), and the text each must read as. */
const BODIES: ReadonlyArray<readonly [QueueBodySpec, string]> = [
  [{ as: "Map", value: [["k", 1]] }, '{"k":1}'],
  [{ as: "Set", value: [1, 2] }, "[1,2]"],
  [{ as: "Uint8Array", value: [104, 105] }, "hi"],
  [{ as: "ArrayBuffer", value: [104, 105, 33] }, "hi!"],
  // A view of part of its buffer: only the bytes it covers.
  [{ as: "DataView", value: { bytes: [0, 104, 105, 0], offset: 1, length: 2 } }, "hi"],
  [{ as: "Uint16Array", value: [26_984] }, "hi"],
  [{ as: "BigInt", value: "10" }, '"10"'],
  [{ as: "Date", value: "1970-01-01T00:00:00.000Z" }, '"1970-01-01T00:00:00.000Z"'],
  [{ as: "RegExp", value: { source: "a+b", flags: "g" } }, '"/a+b/g"'],
  [{ as: "Error", value: { name: "RangeError", message: "boom" } }, '{"name":"RangeError","message":"boom"}'],
  [{ value: 42 }, "42"],
  [{ value: { list: [true], none: null } }, '{"list":[true],"none":null}'],
  [
    {
      as: "Object",
      value: {
        m: { as: "Map", value: [["a", [1]]] },
        s: { as: "Set", value: ["x"] },
        b: { as: "Uint8Array", value: [1, 2] },
        ab: { as: "ArrayBuffer", value: [3] },
        v: { as: "Uint16Array", value: [1] },
        big: { as: "BigInt", value: "7" },
      },
    },
    '{"m":{"a":[1]},"s":["x"],"b":[1,2],"ab":[3],"v":[1,0],"big":"7"}',
  ],
];

const batch: QueueBatchSpec = {
  messages: BODIES.map(([body], i) => ({ id: `q-${i + 1}`, timestamp: TIMESTAMP, attempts: (i % 3) + 1, body })),
};

/** A message whose body holds the conformance app's failure mark: the handler fails it, whatever its type. */
const failing: QueueBatchSpec = {
  messages: [
    { id: "q-ok", timestamp: TIMESTAMP, attempts: 1, body: { as: "Uint8Array", value: [111, 107] } },
    { id: "q-fail", timestamp: TIMESTAMP, attempts: 2, body: { as: "Map", value: [["note", "conformance-fail"]] } },
  ],
};

/** A message whose body holds itself: structured clone carries the cycle, JSON cannot write it. */
const cyclic: QueueBatchSpec = {
  messages: [
    { id: "q-ok", timestamp: TIMESTAMP, attempts: 1, body: { value: "fine" } },
    { id: "q-cycle", timestamp: TIMESTAMP, attempts: 1, body: { as: "Cycle", value: "loop" } },
  ],
};

/** What reading the cyclic body rejects with: V8 goes on to describe the cycle its own way. */
const CYCLE_MESSAGE = "Message body cannot be written as JSON: Converting circular structure to JSON";
const V8_CYCLE = "V8 goes on to describe the cycle (where it starts, which property closes it) in its own words";

const view = (spec: QueueBatchSpec, texts: readonly string[]) => ({
  kind: "messages",
  source: "cloudflare.queue",
  ordered: false,
  messages: spec.messages.map((message, i) => ({
    kind: "message",
    id: message.id,
    text: texts[i],
    attributes: {},
    attempt: message.attempts,
    publishedAt: message.timestamp,
  })),
});

/**
 * What only Workers delivers natively: Queues messages carrying any structured-clone value, not only
 * strings — a body reads as its bytes (bytes, buffers and views) or as its JSON text (Map as an object,
 * Set as an array, BigInt as a string, nested too), and each is acknowledged or retried on its own,
 * whatever its body; Cron Triggers fired by hand, whose cron is empty.
 */
export const cloudflareCases: ConformanceCase[] = [
  {
    id: "messages.cloudflare-queue-bodies",
    title: "a Queues message body of any structured-clone type reads as its bytes or its JSON text",
    needs: ["messages", "native:cloudflare-queue"],
    steps: [
      {
        input: { kind: "native", event: batch },
        expect: {
          messages: { redelivered: [] },
          event: view(
            batch,
            BODIES.map(([, text]) => text),
          ),
        },
      },
    ],
  },
  {
    id: "messages.cloudflare-queue-body-fails",
    title: "a message with a non-string body that the handler fails is retried alone",
    needs: ["messages", "native:cloudflare-queue"],
    steps: [
      {
        input: { kind: "native", event: failing },
        expect: { messages: { redelivered: ["q-fail"] }, event: view(failing, ["ok", '{"note":"conformance-fail"}']) },
      },
    ],
  },
  {
    id: "messages.cloudflare-queue-body-cyclic",
    title:
      "a message body that holds itself cannot be read as JSON: reading it fails with an InvalidBodyError, and the batch whose handler threw is retried",
    needs: ["messages", "native:cloudflare-queue", "logs"],
    steps: [
      {
        input: { kind: "native", event: cyclic },
        expect: {
          messages: { redelivered: ["q-ok", "q-cycle"] },
          event: { kind: "unreadable", error: { $startsWith: `InvalidBodyError: ${CYCLE_MESSAGE}`, because: V8_CYCLE }, issues: [] },
          logs: [
            logLine("error", "messages handler threw", {
              error: {
                name: "InvalidBodyError",
                message: { $startsWith: CYCLE_MESSAGE, because: V8_CYCLE },
                status: 400,
                stack: { $startsWith: `InvalidBodyError: ${CYCLE_MESSAGE}`, because: "then V8's description of the cycle and the frames" },
                cause: {
                  name: "TypeError",
                  message: { $startsWith: "Converting circular structure to JSON", because: V8_CYCLE },
                  stack: {
                    $startsWith: "TypeError: Converting circular structure to JSON",
                    because: "then V8's description of the cycle and the frames",
                  },
                },
              },
            }),
          ],
        },
      },
    ],
  },
  {
    id: "schedule.cloudflare-manual-trigger",
    title: "a Cron Trigger fired by hand (its cron empty) is a schedule without a cron; a fired one names its cron",
    needs: ["schedule", "native:cloudflare-scheduled"],
    steps: [
      {
        input: { kind: "native", event: { scheduledTime: TIMESTAMP, cron: "" } },
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: TIMESTAMP } },
      },
      {
        input: { kind: "native", event: { scheduledTime: TIMESTAMP, cron: "*/5 * * * *" } },
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: TIMESTAMP, cron: "*/5 * * * *" } },
      },
    ],
  },
];
