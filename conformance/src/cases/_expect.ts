// Expectations many cases share: log lines as core writes them, the response of a json() result.
import type { Expected, ResponseExpectation } from "./types.ts";

type Level = "debug" | "info" | "warn" | "error";
// Cloud Logging reads `severity`, everyone else `level`: core writes both.
const SEVERITY: Readonly<Record<Level, string>> = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR" };

/** One line of `ctx.log` (or of the error policy), exactly: its fields, the invocation's request id and provider, a time during the step. */
export function logLine(level: Level, message: string, fields: Record<string, Expected> = {}): Expected {
  return {
    level,
    severity: SEVERITY[level],
    time: { $during: "step" },
    message,
    requestId: { $fromDelivery: "requestId" },
    provider: { $fromDelivery: "provider" },
    ...fields,
  };
}

/** One line of the adapter's own server logger (no invocation: no request id), exactly, e.g. when it drains (`logs:drain`). */
export function serverLogLine(level: Level, message: string, fields: Record<string, Expected> = {}): Expected {
  return { level, severity: SEVERITY[level], time: { $during: "step" }, message, provider: { $fromDelivery: "provider" }, ...fields };
}

/** The `error` field of a log line for a thrown error: its name, message and stack (whose frames name the deployment's files). */
export function loggedError(name: string, message: string): Expected {
  return {
    name,
    message,
    stack: { $startsWith: `${name}: ${message}\n`, because: "a stack trace's frames name the files and lines of the deployment" },
  };
}

export const JSON_TYPE = "application/json; charset=utf-8";
export const TEXT_TYPE = "text/plain; charset=utf-8";

/** The response of `json(body, { status })`: that status, only a JSON content type, the body exactly as `bodyJson` reads it. */
export function jsonResponse(status: number, bodyJson: Expected, headers: Record<string, Expected> = {}): ResponseExpectation {
  return { status, headers: { "content-type": JSON_TYPE, ...headers }, bodyJson };
}

/** The generic answer to a failure the handler did not mean to show: 500, and no detail. */
export const GENERIC_500: ResponseExpectation = {
  status: 500,
  headers: { "content-type": JSON_TYPE },
  bodyText: '{"error":"Internal Server Error"}',
};

/** Node's own, and only: how long the server keeps an idle connection is its setting, not the app's. */
export const SERVER_KEEP_ALIVE: Expected = {
  $startsWith: "timeout=",
  because: "the server says how long it keeps an idle connection (its own setting)",
};
