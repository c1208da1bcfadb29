import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InvalidBodyError, type ValidationIssue } from "./errors.ts";

function issuePath(issue: StandardSchemaV1.Issue): string {
  if (!issue.path) return "";
  return issue.path.map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".");
}

function unwrap<S extends StandardSchemaV1>(
  result: StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>>,
): StandardSchemaV1.InferOutput<S> {
  if (result.issues) {
    const issues: ValidationIssue[] = result.issues.map((issue) => ({ path: issuePath(issue), message: issue.message }));
    throw new InvalidBodyError("Body does not match the schema", issues);
  }
  return result.value;
}

/** Validates synchronously when the schema does (most do), so the common path costs no extra promise. */
export function validateNow<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): StandardSchemaV1.InferOutput<S> | Promise<StandardSchemaV1.InferOutput<S>> {
  const standard = schema["~standard"];
  if (!standard || typeof standard.validate !== "function") {
    throw new TypeError("json(schema) expects a Standard Schema (zod 4, valibot, arktype, ...)");
  }
  const result = standard.validate(value) as
    | StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>>
    | Promise<StandardSchemaV1.Result<StandardSchemaV1.InferOutput<S>>>;
  return result instanceof Promise ? result.then(unwrap<S>) : unwrap<S>(result);
}

/** Validates `value` with any Standard Schema; failures reject with an `InvalidBodyError` listing every issue. */
export async function validate<S extends StandardSchemaV1>(schema: S, value: unknown): Promise<StandardSchemaV1.InferOutput<S>> {
  return validateNow(schema, value);
}
