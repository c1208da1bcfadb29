import type { StandardSchemaV1 } from "@standard-schema/spec";
import { decodeBase64 } from "./_base64.ts";
import { InvalidBodyError } from "./errors.ts";
import type { BodyReader } from "./events.ts";
import { validateNow } from "./schema.ts";

/**
 * Where a body comes from: text, bytes, base64 text (decoded on first read), a reader called at
 * most once (a stream, a native request), or nothing.
 */
export type BodySource = string | Uint8Array | { readonly base64: string } | (() => Promise<Uint8Array>) | null | undefined;

const EMPTY = new Uint8Array(0);
const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

const PROTO = "__proto__";

/**
 * Deletes every `__proto__` key `JSON.parse` made (an own data property, harmless until something merges it
 * into another object), at any depth and without recursion: nesting is bounded only by the body size.
 */
function dropProtoKeys(root: unknown): unknown {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) pending.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (Object.hasOwn(record, PROTO)) delete record[PROTO];
    for (const key in record) {
      const item = record[key];
      if (typeof item === "object" && item !== null) pending.push(item);
    }
  }
  return root;
}

/**
 * True when a key could decode to `__proto__`: spelled out, or with `\u` escapes (`"\u005f_proto__"`);
 * no other JSON escape makes a letter or `_`. Neither needle starts with `"`: a search for `"__proto__"`
 * stops at every quote (1.7 KB of camelCase JSON: 555 ns, against 45 ns for these two).
 */
function mayHaveProtoKey(text: string): boolean {
  // One-character searches first (memchr): most bodies hold neither `_` nor a backslash.
  return (text.includes("_") && text.includes("__proto__")) || (text.includes("\\") && text.includes("\\u"));
}

/**
 * `JSON.parse` that drops `__proto__` keys and turns syntax errors into an `InvalidBodyError`. Any nesting
 * depth parses (the body size limit bounds it); nothing here recurses into the value.
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidBodyError(`Body is not valid JSON: ${(error as Error).message}`, [], error);
  }
  return mayHaveProtoKey(text) ? dropProtoKeys(value) : value;
}

function toBytes(source: BodySource): Promise<Uint8Array> {
  if (source == null) return Promise.resolve(EMPTY);
  if (typeof source === "string") return Promise.resolve(utf8Encoder.encode(source));
  if (source instanceof Uint8Array) return Promise.resolve(source);
  if (typeof source === "function") return source();
  try {
    return Promise.resolve(decodeBase64(source.base64));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The body helpers every event with a body shares; each form is computed once and cached. */
export class BufferedBody implements BodyReader {
  #source: BodySource;
  #bytes: Promise<Uint8Array> | undefined;
  #text: Promise<string> | undefined;
  #json: { value: unknown } | { error: unknown } | Promise<unknown> | undefined;
  /** True once the event's own helpers read the body (it is then theirs, see `takenElsewhere`). */
  #claimed = false;

  constructor(source: BodySource) {
    this.#source = source;
  }

  /**
   * Why the event's helpers may not read the body (it was read another way first), checked on their first
   * read; undefined when they may.
   */
  protected takenElsewhere(): Error | undefined {
    return undefined;
  }

  /** True once the event's own helpers read (or tried to read) the body. */
  protected get claimed(): boolean {
    return this.#claimed;
  }

  /** The error that stops a first read, or undefined (and the body is the event's from now on). */
  #claim(): Error | undefined {
    if (this.#claimed) return undefined;
    const taken = this.takenElsewhere();
    if (taken === undefined) this.#claimed = true;
    return taken;
  }

  bytes(): Promise<Uint8Array> {
    const taken = this.#claim();
    return taken === undefined ? this.readBytes() : Promise.reject(taken);
  }

  /** The body bytes, read once and cached, whoever asks (the event's helpers, or a Request built from it). */
  protected readBytes(): Promise<Uint8Array> {
    this.#bytes ??= toBytes(this.#source);
    return this.#bytes;
  }

  text(): Promise<string> {
    const taken = this.#claim();
    if (taken !== undefined) return Promise.reject(taken);
    this.#text ??= this.#decodedText();
    return this.#text;
  }

  #decodedText(): Promise<string> {
    const source = this.#source;
    if (typeof source === "string") return Promise.resolve(source);
    if (source instanceof Uint8Array) return Promise.resolve(utf8Decoder.decode(source));
    return this.readBytes().then((bytes) => utf8Decoder.decode(bytes));
  }

  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  json(schema?: StandardSchemaV1): Promise<unknown> {
    const taken = this.#claim();
    if (taken !== undefined) return Promise.reject(taken);
    const parsed = this.#parsed();
    if (parsed instanceof Promise) return schema ? parsed.then((value) => validateNow(schema, value)) : parsed;
    // A text body is parsed and validated synchronously: no promise hop per step on the hot path.
    try {
      if ("error" in parsed) throw parsed.error;
      return Promise.resolve(schema ? validateNow(schema, parsed.value) : parsed.value);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #parsed(): { value: unknown } | { error: unknown } | Promise<unknown> {
    if (this.#json === undefined) {
      const source = this.#source;
      // Text and bytes already in memory (a node server reads the body before the handler) parse now.
      if (typeof source === "string" || source instanceof Uint8Array) {
        // No text promise kept: it would cost a promise per JSON body (about 1.5 µs under the Functions
        // Framework's domain hooks) where text() is rarely read as well; text() decodes again if it is.
        const text = typeof source === "string" ? source : utf8Decoder.decode(source);
        try {
          this.#json = { value: parseJsonBody(text) };
        } catch (error) {
          this.#json = { error };
        }
      } else {
        this.#json = this.text().then(parseJsonBody);
      }
    }
    return this.#json;
  }

  /** True when the body is known to be empty without reading it. */
  protected get knownEmpty(): boolean {
    const source = this.#source;
    return source == null || source === "" || (source instanceof Uint8Array && source.byteLength === 0);
  }

  /**
   * The body in a form `new Request()` takes synchronously, or a reader for a lazy source (asked only when not
   * `knownEmpty`). Text goes as its UTF-8 bytes: given a string, `new Request()` would add a
   * `content-type: text/plain;charset=UTF-8` the client never sent.
   */
  protected get requestBody(): Uint8Array | (() => Promise<Uint8Array>) {
    const source = this.#source;
    if (typeof source === "string") return utf8Encoder.encode(source);
    if (source instanceof Uint8Array) return source;
    return () => this.readBytes();
  }
}
