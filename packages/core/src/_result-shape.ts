// Results of the wrong shape (another library's, or data returned as it is) named, with the fix.

/** What the keys of another library's result mean in fnport. */
const HINTS: Readonly<Record<string, string>> = {
  statusCode: "fnport names it status",
  statusDescription: "the adapter writes it",
  isBase64Encoded: "send bytes as a Uint8Array body",
  multiValueHeaders: "put the values in headers as an array",
  batchItemFailures: "return { failed: ids } and the adapter writes batchItemFailures",
  failed: "{ failed } answers a messages event, not an http one",
};

/** The keys of `result` that are not in `known`, or undefined when there are none. */
export function unknownKeys(result: object, known: readonly string[]): string[] | undefined {
  const unknown: string[] = [];
  for (const key in result) if (!known.includes(key)) unknown.push(key);
  return unknown.length === 0 ? undefined : unknown;
}

/** `unknown key "statusCode" (fnport names it status)`, for each key. */
export function describeKeys(keys: readonly string[]): string {
  const named = keys.map((key) => {
    const hint = Object.hasOwn(HINTS, key) ? HINTS[key] : undefined;
    return hint === undefined ? JSON.stringify(key) : `${JSON.stringify(key)} (${hint})`;
  });
  return `unknown ${keys.length === 1 ? "key" : "keys"} ${named.join(", ")}`;
}
