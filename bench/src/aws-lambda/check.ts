// What a correct answer looks like, for the smoke test and for every measurement (a subject that
// answers wrongly is an error, never a figure).
import { deepStrictEqual } from "node:assert/strict";
import { HELLO_ANSWER } from "../hello.ts";
import { SQS_ANSWER } from "./events.ts";

type LambdaHttpResult = {
  statusCode?: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body?: string;
  isBase64Encoded?: boolean;
};

function header(result: LambdaHttpResult, name: string): string | undefined {
  for (const [key, value] of Object.entries(result.headers ?? {})) if (key.toLowerCase() === name) return value;
  for (const [key, values] of Object.entries(result.multiValueHeaders ?? {})) if (key.toLowerCase() === name) return values.join(", ");
  return undefined;
}

/** Throws unless `result` is the hello answer: 200, JSON content type, `{"message":"hello, bench"}`. */
export function checkHelloResult(subject: string, result: unknown): void {
  const r = result as LambdaHttpResult;
  const body = r.isBase64Encoded ? Buffer.from(r.body ?? "", "base64").toString("utf8") : r.body;
  const contentType = header(r, "content-type") ?? "";
  if (r.statusCode !== 200 || !contentType.startsWith("application/json")) {
    throw new Error(`${subject} answered ${r.statusCode} (${contentType}) ${body}`);
  }
  deepStrictEqual(JSON.parse(body ?? ""), HELLO_ANSWER, `${subject} answered ${body}`);
}

/** Throws unless `result` reports exactly the failing message. */
export function checkSqsResult(subject: string, result: unknown): void {
  deepStrictEqual(result, SQS_ANSWER, `${subject} answered ${JSON.stringify(result)}`);
}
