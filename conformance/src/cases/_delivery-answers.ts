// The answers an adapter gives Google's HTTP deliveries (Pub/Sub push, Eventarc, Cloud Tasks, Cloud
// Scheduler), as the Cloud Run harness reports them (`cloud-run:delivery`: status, headers but the server's
// `date`, cookies, body as text). The senders read only the status; the cases compare the whole answer.
import { JSON_TYPE } from "./_expect.ts";

/** A Google delivery's answer, whole. */
export interface DeliveryAnswer {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

const jsonAnswer = (status: number, body: string): DeliveryAnswer => ({
  status,
  headers: { "content-type": JSON_TYPE, "content-length": String(Buffer.byteLength(body)) },
  cookies: [],
  body,
});

/** A delivery handled: 204, nothing else. */
export const DELIVERED: DeliveryAnswer = { status: 204, headers: {}, cookies: [], body: "" };

/** A message the handler failed: 500, so the sender delivers it again, naming it. */
export const messageFailed = (id: string): DeliveryAnswer =>
  jsonAnswer(500, JSON.stringify({ error: `Message ${id} failed: it will be delivered again` }));

/** A delivery whose handler threw: the generic 500. */
export const HANDLER_THREW: DeliveryAnswer = jsonAnswer(500, '{"error":"Internal Server Error"}');

/** A delivery whose handler was still running at the deadline: 504, as Cloud Run answers a request past its timeout. */
export const TIMED_OUT: DeliveryAnswer = jsonAnswer(504, '{"error":"Gateway Timeout"}');

/**
 * The same answer as the Cloud Functions harnesses report it (`gcp-functions:http`: status, header lines as
 * sent, body as text): `cloudFunction()` answers Google's deliveries as `cloudRun()` does.
 */
export const asGcpFunctions = (answer: DeliveryAnswer): { status: number; headers: Array<[string, string]>; body: string } => ({
  status: answer.status,
  headers: [...Object.entries(answer.headers), ...answer.cookies.map((cookie): [string, string] => ["set-cookie", cookie])],
  body: answer.body,
});

/** A step's native expectations of Google deliveries answered `answers` in turn, on Cloud Run and Cloud Functions. */
export const googleAnswers = (...answers: DeliveryAnswer[]): Record<string, unknown> => ({
  "cloud-run:delivery": answers.length === 1 ? answers[0] : answers,
  "gcp-functions:http": answers.length === 1 ? asGcpFunctions(answers[0] as DeliveryAnswer) : answers.map(asGcpFunctions),
});
