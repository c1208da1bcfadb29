/** A store could not do what was asked; `store` and `operation` say which and what. */
export class StoreError extends Error {
  override name = "StoreError";
  /** The store's `name` (`redisStore`, `dynamoStore("todos")`, ...). */
  readonly store: string;
  /** The operation: `set`, `increment`, `update`, `idempotent`, ... */
  readonly operation: string;

  constructor(store: string, operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.store = store;
    this.operation = operation;
  }
}

/** The store cannot honour the operation (no atomic writes, a value over its limit, ...): it refuses instead of pretending. */
export class StoreUnsupportedError extends StoreError {
  override name = "StoreUnsupportedError";

  constructor(store: string, operation: string, reason: string) {
    super(store, operation, `${store} cannot ${operation}: ${reason}`);
  }
}

/** `update` gave up: another writer changed the key on every attempt. */
export class StoreConflictError extends StoreError {
  override name = "StoreConflictError";
  readonly key: string;

  constructor(store: string, key: string, attempts: number) {
    super(store, "update", `${store} update of ${JSON.stringify(key)} gave up after ${attempts} attempts: the key changed each time`);
    this.key = key;
  }
}
