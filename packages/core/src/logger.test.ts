import { afterEach, describe, expect, test, vi } from "vitest";
import { consoleWriter, createLogger, serializeError } from "./adapter.ts";
import { HttpError, type LogLevel } from "./index.ts";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function collect(minLevel?: LogLevel): { lines: Array<[unknown, LogLevel]>; log: ReturnType<typeof createLogger> } {
  const lines: Array<[unknown, LogLevel]> = [];
  const log = createLogger({ requestId: "r" }, minLevel, (line, level) => void lines.push([JSON.parse(line), level]));
  return { lines, log };
}

describe("createLogger", () => {
  test("writes one JSON line per call with level, severity, time, message, base and fields", () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 2, 3, 4, 5, 6) });
    const { lines, log } = collect();
    log.info("hello", { n: 1, nested: { ok: true } });
    expect(lines).toEqual([
      [
        { level: "info", severity: "INFO", time: "2024-01-02T03:04:05.006Z", message: "hello", requestId: "r", n: 1, nested: { ok: true } },
        "info",
      ],
    ]);
  });

  test("never lets fields replace the level, severity, time, message or request id", () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 2, 3, 4, 5, 6) });
    const { lines, log } = collect();
    log.warn("real", { level: "debug", severity: "DEBUG", time: "then", message: "fake", requestId: "forged", extra: 1 });
    expect(lines).toEqual([
      [{ level: "warn", severity: "WARNING", time: "2024-01-02T03:04:05.006Z", message: "real", requestId: "r", extra: 1 }, "warn"],
    ]);
  });

  test("keeps fields named like Object.prototype members, __proto__ included, as plain keys", () => {
    const lines: string[] = [];
    const log = createLogger({ requestId: "r" }, "info", (line) => void lines.push(line));
    log.info("m", JSON.parse('{"__proto__":{"x":1},"toString":"t","constructor":2}') as Record<string, unknown>);
    expect(lines[0]).toMatch(/"requestId":"r","__proto__":\{"x":1\},"toString":"t","constructor":2\}$/);
  });

  test("writes the line without its fields, and the reason, when the fields cannot be JSON", () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 2, 3, 4, 5, 6) });
    const { lines, log } = collect();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    log.error("cyclic", { cycle });
    log.info("big", { n: 1n });
    expect(lines.map(([line]) => line)).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: "2024-01-02T03:04:05.006Z",
        message: "cyclic",
        requestId: "r",
        logError: expect.stringMatching(/^fields dropped: Converting circular structure to JSON/),
      },
      {
        level: "info",
        severity: "INFO",
        time: "2024-01-02T03:04:05.006Z",
        message: "big",
        requestId: "r",
        logError: "fields dropped: Do not know how to serialize a BigInt",
      },
    ]);
  });

  test("maps every level to its Cloud Logging severity and skips levels below the minimum", () => {
    const { lines, log } = collect("debug");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map(([line, level]) => [(line as { severity: string }).severity, level])).toEqual([
      ["DEBUG", "debug"],
      ["INFO", "info"],
      ["WARNING", "warn"],
      ["ERROR", "error"],
    ]);
    const quiet = collect("error");
    quiet.log.warn("w");
    quiet.log.error("e");
    expect(quiet.lines.map(([, level]) => level)).toEqual(["error"]);
    const byDefault = collect();
    byDefault.log.debug("d");
    expect(byDefault.lines).toEqual([]);
  });

  test("serialises Error values anywhere in the fields", () => {
    const { lines, log } = collect();
    const error = new RangeError("out");
    log.error("x", { error, list: [error], deep: { error } });
    const serialised = { name: "RangeError", message: "out", stack: error.stack };
    expect(lines[0]?.[0]).toMatchObject({ error: serialised, list: [serialised], deep: { error: serialised } });
  });

  test("serialises an Error six levels deep, and one a toJSON returns", () => {
    const { lines, log } = collect();
    const error = new TypeError("deep");
    log.error("x", { a: { b: { c: { d: { e: { error } } } } }, viaJson: { toJSON: () => error }, plain: { n: [1, "two", null] } });
    const serialised = { name: "TypeError", message: "deep", stack: error.stack };
    expect(lines[0]?.[0]).toMatchObject({
      a: { b: { c: { d: { e: { error: serialised } } } } },
      viaJson: serialised,
      plain: { n: [1, "two", null] },
    });
  });
});

describe("createLogger: JSON.stringify's replacer (several times slower) only where an Error may be", () => {
  /** The replacer of every JSON.stringify call while `log` runs, and the lines written. */
  function replacersOf(log: (logger: ReturnType<typeof createLogger>) => void): { replacers: unknown[]; lines: unknown[] } {
    const { lines, log: logger } = collect();
    const stringify = vi.spyOn(JSON, "stringify");
    log(logger);
    const replacers = stringify.mock.calls.map((call) => call[1]);
    stringify.mockRestore();
    return { replacers, lines: lines.map(([line]) => line) };
  }

  test("a line holding no Error, four levels deep at most, has none", () => {
    // An array's own extra key is not part of its JSON: an Error there is not written.
    const list = Object.assign(["item"], { note: new Error("not part of the JSON") });
    const { replacers, lines } = replacersOf((log) =>
      log.info("plain", { u: undefined, nil: null, s: "text", n: 1, list, nested: { a: [1, "two", [null]], b: { c: { d: {} } } } }),
    );
    expect([replacers, lines]).toEqual([
      [undefined],
      [
        {
          level: "info",
          severity: "INFO",
          time: expect.any(String),
          message: "plain",
          requestId: "r",
          nil: null,
          s: "text",
          n: 1,
          list: ["item"],
          nested: { a: [1, "two", [null]], b: { c: { d: {} } } },
        },
      ],
    ]);
  });

  test("a line deeper than that, or with an Error in an array or behind a toJSON, has it", () => {
    const error = new RangeError("out");
    const serialised = { name: "RangeError", message: "out", stack: error.stack };
    const { replacers, lines } = replacersOf((log) => {
      log.info("deep", { deep: [[[[["x"]]]]] });
      log.info("listed", { list: [1, error] });
      log.info("toJSON", { viaJson: { toJSON: () => error } });
    });
    const fields = lines.map((line) => {
      const { level, severity, time, message, requestId, ...rest } = line as Record<string, unknown>;
      return rest;
    });
    expect([replacers, fields]).toEqual([
      [expect.any(Function), expect.any(Function), expect.any(Function)],
      [{ deep: [[[[["x"]]]]] }, { list: [1, serialised] }, { viaJson: serialised }],
    ]);
  });
});

describe("serializeError", () => {
  test("gives name, message, status of an HttpError, stack and cause", () => {
    const cause = new Error("inner");
    const error = new HttpError(404, "Missing", { cause });
    expect(serializeError(error)).toEqual({
      name: "HttpError",
      message: "Missing",
      status: 404,
      stack: error.stack,
      cause: { name: "Error", message: "inner", stack: cause.stack },
    });
  });

  test("names only the fields an Error has: no status, stack or cause key when it has none", () => {
    const stackless = new Error("no stack");
    stackless.stack = "";
    expect([Object.keys(serializeError(new Error("plain")) as object), Object.keys(serializeError(stackless) as object)]).toEqual([
      ["name", "message", "stack"],
      ["name", "message"],
    ]);
  });

  test("an Error that throws undefined when read becomes a string saying so", () => {
    const nothing: unknown = undefined;
    const error = new Error("x");
    Object.defineProperty(error, "message", {
      get() {
        throw nothing;
      },
    });
    expect(serializeError(error)).toBe("(unreadable thrown value: undefined)");
  });

  test("returns a non-Error value as it is", () => {
    expect([serializeError("text"), serializeError({ code: 1 }), serializeError(undefined)]).toEqual(["text", { code: 1 }, undefined]);
  });

  test("follows causes three levels deep", () => {
    const chain = new Error("0", {
      cause: new Error("1", { cause: new Error("2", { cause: new Error("3", { cause: new Error("4") }) }) }),
    });
    let level = serializeError(chain) as { message: string; cause?: unknown };
    const messages = [level.message];
    while (level.cause !== undefined) {
      level = level.cause as { message: string; cause?: unknown };
      messages.push(level.message);
    }
    expect(messages).toEqual(["0", "1", "2", "3"]);
  });
});

describe("consoleWriter", () => {
  test("writes debug and info with console.log, warn and error with console.error", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    consoleWriter("d", "debug");
    consoleWriter("i", "info");
    consoleWriter("w", "warn");
    consoleWriter("e", "error");
    expect([log.mock.calls, error.mock.calls]).toEqual([
      [["d"], ["i"]],
      [["w"], ["e"]],
    ]);
  });
});

describe("line separators", () => {
  test("U+2028 and U+2029 are escaped, so a message or field never splits the line", () => {
    const lines: string[] = [];
    const log = createLogger({ requestId: "r" }, "info", (line) => void lines.push(line));
    log.info("a\u2028b", { note: "c\u2029d" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\u2028\u2029]/);
    expect(lines[0]).toContain("a\\u2028b");
    expect(JSON.parse(lines[0] as string)).toMatchObject({ message: "a\u2028b", note: "c\u2029d", requestId: "r" });
  });
});
