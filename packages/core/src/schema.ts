import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InvalidBodyError, type ValidationIssue } from "./errors.ts";

function issuePath(issue: StandardSchemaV1.Issue): string {
  if (!issue.path) return "";
  return issue.path.map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".");
}

/** Validates `value` with any Standard Schema; failures reject with an `InvalidBodyError` listing every issue. */
export async function validate<S extends StandardSchemaV1>(schema: S, value: unknown): Promise<StandardSchemaV1.InferOutput<S>> {
  const standard = schema["~standard"];
  if (!standard || typeof standard.validate !== "function") {
    throw new TypeError("json(schema) expects a Standard Schema (zod 4, valibot, arktype, ...)");
  }
  let result = standard.validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues) {
    const issues: ValidationIssue[] = result.issues.map((issue) => ({ path: issuePath(issue), message: issue.message }));
    throw new InvalidBodyError("Body does not match the schema", issues);
  }
  return result.value as StandardSchemaV1.InferOutput<S>;
}
