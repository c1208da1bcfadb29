// Reads a Lambda function's native output the way AWS does, strictly: a field the integration does not
// know, a header it would drop, a value of the wrong type is a problem the case fails on, so that the
// neutral reading (compared exactly by the suite) is all the native output means.
import type { HttpOutput } from "@fnport/conformance";
import type { LambdaIntegration } from "./conformance-events.ts";

/** A native output read back: its neutral meaning, and what is wrong with it natively. */
export interface NativeReading<T> {
  output: T;
  problems: string[];
}

/** Every field each integration reads in a function's response (AWS docs: "Working with AWS Lambda proxy integrations", "Lambda functions as targets"). */
const RESPONSE_FIELDS: Readonly<Record<LambdaIntegration, readonly string[]>> = {
  // REST APIs answer 502 to a response with any other field.
  "apigw-v1": ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"],
  "apigw-v2": ["statusCode", "headers", "cookies", "body", "isBase64Encoded"],
  "function-url": ["statusCode", "headers", "cookies", "body", "isBase64Encoded"],
  alb: ["statusCode", "statusDescription", "headers", "body", "isBase64Encoded"],
  "alb-multi": ["statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded"],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function append(headers: Record<string, string>, cookies: string[], name: string, value: string): void {
  const key = name.toLowerCase();
  if (key === "set-cookie") cookies.push(value);
  else headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
}

/** The entries of a header map whose values are strings (problems for the rest). */
function stringEntries(map: unknown, field: string, problems: string[]): Array<[string, string]> {
  if (map === undefined) return [];
  if (!isRecord(map)) {
    problems.push(`${field} is not an object: ${JSON.stringify(map)}`);
    return [];
  }
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(map)) {
    if (typeof value === "string") entries.push([name, value]);
    else problems.push(`${field}.${name} is not a string: ${JSON.stringify(value)}`);
  }
  return entries;
}

function listEntries(map: unknown, field: string, problems: string[]): Array<[string, string[]]> {
  if (map === undefined) return [];
  if (!isRecord(map)) {
    problems.push(`${field} is not an object: ${JSON.stringify(map)}`);
    return [];
  }
  const entries: Array<[string, string[]]> = [];
  for (const [name, values] of Object.entries(map)) {
    if (Array.isArray(values) && values.every((value) => typeof value === "string")) entries.push([name, values]);
    else problems.push(`${field}.${name} is not an array of strings: ${JSON.stringify(values)}`);
  }
  return entries;
}

/** Names that appear twice in one map, ignoring case (only ALB's single-value map may do so, for set-cookie). */
function repeatedNames(names: string[], allowSetCookie: boolean): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key) && !(allowSetCookie && key === "set-cookie")) repeated.push(name);
    seen.add(key);
  }
  return repeated;
}

/** Reads a Lambda HTTP response the way `integration` does, with a problem for anything it would not take as given. */
export function readLambdaResponse(integration: LambdaIntegration, response: unknown): NativeReading<HttpOutput> {
  const problems: string[] = [];
  const fail = (problem: string): NativeReading<HttpOutput> => ({
    output: { kind: "http", status: 502, headers: {}, cookies: [], bodyBase64: "" },
    problems: [...problems, problem],
  });
  if (!isRecord(response)) return fail(`an HTTP response is an object, got ${JSON.stringify(response)}`);
  const unknown = Object.keys(response).filter((key) => !RESPONSE_FIELDS[integration].includes(key));
  // REST APIs refuse the whole response (502); the others drop the field, and what it carried with it.
  if (integration === "apigw-v1" && unknown.length > 0) return fail(`REST APIs answer 502 to a response with ${unknown.join(", ")}`);
  for (const key of unknown) problems.push(`${integration} ignores ${key}: ${JSON.stringify(response[key])}`);
  const { statusCode, body, isBase64Encoded } = response;
  if (typeof statusCode !== "number" || !Number.isInteger(statusCode))
    problems.push(`statusCode is not an integer: ${JSON.stringify(statusCode)}`);
  if (body !== undefined && typeof body !== "string") problems.push(`body is not a string: ${JSON.stringify(body)}`);
  if (typeof isBase64Encoded !== "boolean") problems.push(`isBase64Encoded is not true or false: ${JSON.stringify(isBase64Encoded)}`);
  if (integration === "alb" || integration === "alb-multi") {
    const wanted = new RegExp(`^${statusCode} \\S`);
    if (typeof response.statusDescription !== "string" || !wanted.test(response.statusDescription)) {
      problems.push(`statusDescription is not "${statusCode} <reason>": ${JSON.stringify(response.statusDescription)}`);
    }
  }
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const single = integration === "alb-multi" ? [] : stringEntries(response.headers, "headers", problems);
  const multi =
    integration === "apigw-v1" || integration === "alb-multi" ? listEntries(response.multiValueHeaders, "multiValueHeaders", problems) : [];
  const repeated = [
    ...repeatedNames(
      single.map(([name]) => name),
      integration === "alb",
    ),
    ...repeatedNames(
      multi.map(([name]) => name),
      false,
    ),
  ];
  if (repeated.length > 0) problems.push(`header names repeated in one map (which value wins is not documented): ${repeated.join(", ")}`);
  if (integration === "apigw-v1") {
    // Both maps are merged; a name in multiValueHeaders wins over the same name in headers.
    const multiNames = new Set(multi.map(([name]) => name.toLowerCase()));
    for (const [name, values] of multi) for (const value of values) append(headers, cookies, name, value);
    for (const [name, value] of single) {
      if (multiNames.has(name.toLowerCase())) problems.push(`headers.${name} is overridden by multiValueHeaders`);
      else append(headers, cookies, name, value);
    }
  } else if (integration === "alb-multi")
    for (const [name, values] of multi) for (const value of values) append(headers, cookies, name, value);
  else for (const [name, value] of single) append(headers, cookies, name, value);
  if (integration === "apigw-v2" || integration === "function-url") {
    const list = response.cookies;
    if (list !== undefined && !(Array.isArray(list) && list.every((cookie) => typeof cookie === "string"))) {
      problems.push(`cookies is not an array of strings: ${JSON.stringify(list)}`);
    } else if (list !== undefined) {
      if (list.length === 0) problems.push("cookies is an empty array (leave it out)");
      if (cookies.length > 0) problems.push("set-cookie in headers beside cookies[]: payload 2.0 keeps one value per header");
      cookies.push(...list);
    }
  }
  const text = typeof body === "string" ? body : "";
  let bodyBase64 = Buffer.from(text, "utf8").toString("base64");
  if (isBase64Encoded === true) {
    bodyBase64 = text;
    if (Buffer.from(text, "base64").toString("base64") !== text)
      problems.push(`isBase64Encoded, but the body is not canonical base64: ${JSON.stringify(text)}`);
  }
  return { output: { kind: "http", status: typeof statusCode === "number" ? statusCode : 502, headers, cookies, bodyBase64 }, problems };
}

/** Reads a partial batch response (SQS, Kinesis, DynamoDB Streams): the failed ids, with a problem for anything else in it. */
export function readBatchResponse(result: unknown, ids: readonly string[]): NativeReading<string[]> {
  const problems: string[] = [];
  if (!isRecord(result))
    return { output: [...ids], problems: [`a batch response is an object, got ${JSON.stringify(result)}: Lambda retries the whole batch`] };
  const extra = Object.keys(result).filter((key) => key !== "batchItemFailures");
  if (extra.length > 0) problems.push(`a batch response has only batchItemFailures, got ${extra.join(", ")}`);
  const failures = result.batchItemFailures;
  if (!Array.isArray(failures))
    return { output: [...ids], problems: [...problems, `batchItemFailures is not an array: ${JSON.stringify(failures)}`] };
  const failed: string[] = [];
  for (const failure of failures) {
    const keys = isRecord(failure) ? Object.keys(failure) : [];
    if (!isRecord(failure) || keys.length !== 1 || typeof failure.itemIdentifier !== "string") {
      // Lambda treats a malformed entry as a failure of the whole batch.
      problems.push(`a batch item failure is exactly { itemIdentifier: string }, got ${JSON.stringify(failure)}`);
      continue;
    }
    if (failed.includes(failure.itemIdentifier)) problems.push(`${failure.itemIdentifier} is listed twice`);
    if (!ids.includes(failure.itemIdentifier))
      problems.push(`${failure.itemIdentifier} is not an id of the batch (Lambda retries the whole batch)`);
    failed.push(failure.itemIdentifier);
  }
  return { output: failed, problems };
}
