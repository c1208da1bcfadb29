import { describe, expect, test } from "vitest";
import { StoreConflictError, StoreError, StoreUnsupportedError } from "../index.ts";

describe("store errors", () => {
  test("each names itself, its store and its operation, and keeps a cause", () => {
    const cause = new Error("connection reset");
    expect(new StoreError("redisStore", "get", "redisStore get failed", { cause })).toMatchObject({
      name: "StoreError",
      store: "redisStore",
      operation: "get",
      message: "redisStore get failed",
      cause,
    });
    expect(new StoreUnsupportedError("someKvStore", "idempotent", "no atomic writes")).toMatchObject({
      name: "StoreUnsupportedError",
      store: "someKvStore",
      operation: "idempotent",
      message: "someKvStore cannot idempotent: no atomic writes",
    });
    expect(new StoreConflictError("memoryStore", "k", 3)).toMatchObject({
      name: "StoreConflictError",
      store: "memoryStore",
      operation: "update",
      key: "k",
      message: 'memoryStore update of "k" gave up after 3 attempts: the key changed each time',
    });
  });

  test("the subclasses are StoreErrors", () => {
    expect(new StoreUnsupportedError("s", "set", "r")).toBeInstanceOf(StoreError);
    expect(new StoreConflictError("s", "k", 1)).toBeInstanceOf(StoreError);
  });
});
