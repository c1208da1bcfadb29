import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { type KeyValueStore, StoreUnsupportedError, type Versioned } from "@fnport/core";
import {
  abortable,
  assertIncrement,
  assertStoreArguments,
  assertStoreKey,
  assertTtl,
  assertValueSize,
  decodeStoreValue,
  encodeStoreValue,
  incrementOverflow,
  listArguments,
  notAnInteger,
  updateByVersion,
  utf8Length,
} from "@fnport/core/adapter";

/** Options of `dynamoStore`. */
export interface DynamoStoreOptions {
  /** The table: partition key `pk` (string) and sort key `sk` (string); see the README for its definition. */
  table: string;
  /** A `DynamoDBClient` you made (region, endpoint, credentials); by default one from the environment (`AWS_REGION`, the role). */
  client?: DynamoDBClient | undefined;
  /** The partition this store's keys live in (default `fnport`): one table holds many stores. */
  namespace?: string | undefined;
  /** The table's TTL attribute (epoch seconds), which DynamoDB deletes expired items by (default `ttl`). */
  ttlAttribute?: string | undefined;
  /** Strongly consistent reads (default true). False halves the read cost and makes the store `eventual`. */
  consistentRead?: boolean | undefined;
}

/** A `KeyValueStore` on DynamoDB, with the client it uses. */
export interface DynamoStore extends KeyValueStore {
  readonly client: DynamoDBClient;
}

/** DynamoDB items hold at most 400 KB, key and other attributes included: 400,000 bytes of JSON always fit beside a 1 KB key. */
const MAX_VALUE_BYTES = 400_000;
/** DynamoDB's limit for a sort key. */
const MAX_KEY_BYTES = 1024;
const SAFE_INTEGER = /^-?\d{1,16}$/;

type Item = Record<string, AttributeValue>;
type StoreCommand = GetItemCommand | PutItemCommand | UpdateItemCommand | DeleteItemCommand | QueryCommand;
interface Entry {
  json: string;
  version: string;
}

const isConditionFailure = (error: unknown): boolean => (error as Error | undefined)?.name === "ConditionalCheckFailedException";

/**
 * A `KeyValueStore` on one DynamoDB table: strongly consistent reads (unless `consistentRead: false`),
 * atomic conditional writes (condition expressions, `ADD`), keys listed in order by a Query on
 * one partition per store, expiry exact on read and enforced by DynamoDB's TTL deletion.
 */
export function dynamoStore(options: DynamoStoreOptions): DynamoStore {
  const { table } = options;
  if (typeof table !== "string" || table === "") throw new TypeError("dynamoStore needs a table name");
  const client = options.client ?? new DynamoDBClient({});
  const namespace = options.namespace ?? "fnport";
  if (namespace === "" || utf8Length(namespace) > MAX_KEY_BYTES) throw new TypeError("namespace must be 1 to 1024 bytes");
  const ttlName = options.ttlAttribute ?? "ttl";
  const consistentRead = options.consistentRead ?? true;
  const name = `dynamoStore(${JSON.stringify(table)})`;
  const pk: AttributeValue = { S: namespace };
  const itemKey = (key: string): Item => ({ pk, sk: { S: key } });
  // `exp` is the exact expiry in epoch ms (reads honour it); the TTL attribute the seconds DynamoDB deletes by, days later.
  const live = "(attribute_not_exists(#exp) OR #exp > :now)";
  const now = (): AttributeValue => ({ N: String(Date.now()) });

  const send = <T>(command: StoreCommand, signal: AbortSignal | undefined): Promise<T> => {
    signal?.throwIfAborted();
    const sent = client.send(command as never, signal === undefined ? undefined : { abortSignal: signal }) as Promise<T>;
    return abortable(sent, signal);
  };
  /** Runs a conditional write; resolves to false when its condition failed. */
  const conditional = async (command: StoreCommand, signal: AbortSignal | undefined): Promise<boolean> => {
    try {
      await send(command, signal);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const assertKey = (key: string, operation: string): void => {
    assertStoreKey(key);
    if (key.length * 3 > MAX_KEY_BYTES && utf8Length(key) > MAX_KEY_BYTES) {
      throw new StoreUnsupportedError(
        name,
        operation,
        `the key is ${utf8Length(key)} bytes; DynamoDB sort keys hold at most ${MAX_KEY_BYTES}`,
      );
    }
  };
  /** The value attribute: safe integers as a number (so `ADD` can count), everything else as JSON text. */
  const valueAttributes = (json: string): Item =>
    SAFE_INTEGER.test(json) && Number.isSafeInteger(Number(json)) ? { n: { N: json } } : { v: { S: json } };
  const expiryAttributes = (ttlSeconds: number | undefined): Item => {
    if (ttlSeconds === undefined) return {};
    const expiresAt = Date.now() + Math.round(ttlSeconds * 1000);
    return { exp: { N: String(expiresAt) }, [ttlName]: { N: String(Math.ceil(expiresAt / 1000)) } };
  };

  const read = async (key: string, signal: AbortSignal | undefined): Promise<Entry | undefined> => {
    const { Item: item } = await send<{ Item?: Item }>(
      new GetItemCommand({
        TableName: table,
        Key: itemKey(key),
        ConsistentRead: consistentRead,
        ProjectionExpression: "v, n, ver, #exp",
        ExpressionAttributeNames: { "#exp": "exp" },
      }),
      signal,
    );
    if (item === undefined || (item.exp?.N !== undefined && Number(item.exp.N) <= Date.now())) return undefined;
    const json = item.v?.S ?? item.n?.N;
    return json === undefined ? undefined : { json, version: item.ver?.S ?? "" };
  };

  /** Puts a whole item: unconditionally, only if absent (or expired), or only at `version`. */
  const put = (
    key: string,
    json: string,
    ttlSeconds: number | undefined,
    condition: "none" | "absent" | { version: string },
    signal: AbortSignal | undefined,
  ) => {
    assertValueSize(name, key, json, MAX_VALUE_BYTES);
    const item: Item = { ...itemKey(key), ...valueAttributes(json), ver: { S: crypto.randomUUID() }, ...expiryAttributes(ttlSeconds) };
    if (condition === "none") return conditional(new PutItemCommand({ TableName: table, Item: item }), signal);
    const expression = condition === "absent" ? "attribute_not_exists(pk) OR #exp <= :now" : `ver = :expected AND ${live}`;
    const values: Item = condition === "absent" ? { ":now": now() } : { ":now": now(), ":expected": { S: condition.version } };
    return conditional(
      new PutItemCommand({
        TableName: table,
        Item: item,
        ConditionExpression: expression,
        ExpressionAttributeNames: { "#exp": "exp" },
        ExpressionAttributeValues: values,
      }),
      signal,
    );
  };

  /** Replaces the value at `version`, keeping the item's expiry. */
  const replaceKeepingExpiry = (key: string, json: string, version: string, signal: AbortSignal | undefined) => {
    assertValueSize(name, key, json, MAX_VALUE_BYTES);
    const value = valueAttributes(json);
    const [set, remove] = value.n === undefined ? ["v", "n"] : ["n", "v"];
    return conditional(
      new UpdateItemCommand({
        TableName: table,
        Key: itemKey(key),
        UpdateExpression: `SET ${set} = :value, ver = :ver REMOVE ${remove}`,
        ConditionExpression: `ver = :expected AND ${live}`,
        ExpressionAttributeNames: { "#exp": "exp" },
        ExpressionAttributeValues: {
          ":value": (value.n ?? value.v) as AttributeValue,
          ":ver": { S: crypto.randomUUID() },
          ":expected": { S: version },
          ":now": now(),
        },
      }),
      signal,
    );
  };

  const store: DynamoStore = {
    name,
    consistency: consistentRead ? "strong" : "eventual",
    atomicConditionalWrites: true,
    maxValueBytes: MAX_VALUE_BYTES,
    client,
    async get<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertKey(key, "get");
      const entry = await read(key, operation?.signal);
      return entry === undefined ? undefined : decodeStoreValue<T>(entry.json);
    },
    async getVersioned<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertKey(key, "getVersioned");
      const entry = await read(key, operation?.signal);
      return entry === undefined ? undefined : ({ value: decodeStoreValue<T>(entry.json), version: entry.version } as Versioned<T>);
    },
    async set(key, value, setOptions) {
      assertStoreArguments(key, setOptions);
      assertKey(key, "set");
      const json = encodeStoreValue(value);
      const condition = setOptions?.ifAbsent ? "absent" : setOptions?.ifVersion !== undefined ? { version: setOptions.ifVersion } : "none";
      return put(key, json, setOptions?.ttlSeconds, condition, setOptions?.signal);
    },
    async delete(key, deleteOptions) {
      assertStoreArguments(key, deleteOptions);
      assertKey(key, "delete");
      const version = deleteOptions?.ifVersion;
      const command = new DeleteItemCommand({
        TableName: table,
        Key: itemKey(key),
        ...(version === undefined
          ? {}
          : {
              ConditionExpression: `ver = :expected AND ${live}`,
              ExpressionAttributeNames: { "#exp": "exp" },
              ExpressionAttributeValues: { ":expected": { S: version }, ":now": now() },
            }),
      });
      return conditional(command, deleteOptions?.signal);
    },
    async increment(key, by = 1, incrementOptions) {
      assertKey(key, "increment");
      assertIncrement(by);
      assertTtl(incrementOptions?.ttlSeconds);
      const signal = incrementOptions?.signal;
      // The window n must be in for n + by to stay a safe integer.
      const low = Math.max(Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER - by);
      const high = Math.min(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - by);
      for (;;) {
        try {
          // ADD on a live integer: atomic, and it keeps the item's expiry.
          const { Attributes: attributes } = await send<{ Attributes?: Item }>(
            new UpdateItemCommand({
              TableName: table,
              Key: itemKey(key),
              UpdateExpression: "ADD n :by SET ver = :ver",
              ConditionExpression: `attribute_exists(n) AND n BETWEEN :low AND :high AND ${live}`,
              ExpressionAttributeNames: { "#exp": "exp" },
              ExpressionAttributeValues: {
                ":by": { N: String(by) },
                ":ver": { S: crypto.randomUUID() },
                ":low": { N: String(low) },
                ":high": { N: String(high) },
                ":now": now(),
              },
              ReturnValues: "UPDATED_NEW",
            }),
            signal,
          );
          return Number(attributes?.n?.N);
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        // Why not: absent or expired (create it), not an integer, or about to overflow.
        const entry = await read(key, signal);
        if (entry === undefined) {
          if (await put(key, String(by), incrementOptions?.ttlSeconds, "absent", signal)) return by;
          continue; // another caller created it first: add to theirs
        }
        const current: unknown = JSON.parse(entry.json);
        if (typeof current !== "number" || !Number.isSafeInteger(current)) throw notAnInteger(key);
        if (!Number.isSafeInteger(current + by)) throw incrementOverflow(key);
      }
    },
    update(key, fn, updateOptions) {
      const signal = updateOptions?.signal;
      assertKey(key, "update");
      return updateByVersion(name, key, fn, updateOptions, {
        read: async () => {
          const entry = await read(key, signal);
          return entry === undefined ? undefined : { value: decodeStoreValue(entry.json), version: entry.version };
        },
        write: (json, expectedVersion, ttlSeconds) => {
          if (expectedVersion === undefined) return put(key, json, ttlSeconds, "absent", signal);
          if (ttlSeconds === undefined) return replaceKeepingExpiry(key, json, expectedVersion, signal);
          return put(key, json, ttlSeconds, { version: expectedVersion }, signal);
        },
      });
    },
    async list(listOptions) {
      const { prefix, limit, cursor } = listArguments(listOptions);
      const { Items: items = [], LastEvaluatedKey: last } = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: prefix === "" ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
          FilterExpression: live,
          ProjectionExpression: "sk",
          ExpressionAttributeNames: { "#exp": "exp" },
          ExpressionAttributeValues: { ":pk": pk, ":now": now(), ...(prefix === "" ? {} : { ":prefix": { S: prefix } }) },
          ConsistentRead: consistentRead,
          Limit: limit,
          ...(cursor === undefined ? {} : { ExclusiveStartKey: itemKey(cursor) }),
        }),
        listOptions?.signal,
      );
      const keys = items.map((item) => item.sk?.S as string);
      const next = last?.sk?.S;
      return next === undefined ? { keys } : { keys, cursor: next };
    },
  };
  return store;
}
