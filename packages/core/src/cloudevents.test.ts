import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type CloudEventRequest, cloudEventMode, isJsonContentType, parseCloudEvent } from "./adapter.ts";
import { HttpError, InvalidBodyError } from "./errors.ts";
import type { CloudEventEvent } from "./events.ts";

const fixtures = new URL("../../../conformance/fixtures/cloudevents/", import.meta.url);
const fixtureText = (name: string): string => readFileSync(new URL(name, fixtures), "utf8");

/** A `.http.txt` fixture (an optional request line, headers, a blank line, the body) as a request; the code block's final newline is not body. */
function httpFixture(name: string, contentType?: string): CloudEventRequest {
  const text = fixtureText(name)
    .replaceAll("<contentType>", contentType ?? "")
    .replace(/^\n+/, "");
  const split = text.indexOf("\n\n");
  const head = text.slice(0, split).split("\n");
  if (/^[A-Z]+ \S+ HTTP\/1\.1$/.test(head[0] ?? "")) head.shift();
  const headers: Record<string, string> = {};
  for (const line of head) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  delete headers["content-length"];
  return { headers, body: new TextEncoder().encode(text.slice(split + 2).replace(/\n$/, "")) };
}

const structured = (name: string): CloudEventRequest => ({
  headers: { "content-type": "application/cloudevents+json" },
  body: fixtureText(name),
});

/** The portable fields of an event, without `raw` (which differs by mode on purpose). */
function fields(event: CloudEventEvent): Omit<CloudEventEvent, "raw" | "extensions"> & { extensions: Record<string, unknown> } {
  const { raw: _raw, extensions, ...rest } = event;
  return { ...rest, extensions: { ...extensions } };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("content mode", () => {
  test.each([
    [{ "ce-specversion": "1.0" }, "binary"],
    [{ "ce-specversion": "1.0", "content-type": "application/json" }, "binary"],
    [{ "content-type": "application/cloudevents+json" }, "structured"],
    [{ "content-type": "Application/CloudEvents+JSON; charset=utf-8" }, "structured"],
    // The content type decides first, as the binding says.
    [{ "ce-specversion": "1.0", "content-type": "application/cloudevents+json" }, "structured"],
    [{ "content-type": "application/cloudevents-batch+json" }, "batched"],
    [{ "content-type": "application/json" }, undefined],
    [{}, undefined],
  ] as const)("%j is %s", (headers, mode) => {
    expect(cloudEventMode(headers)).toBe(mode);
  });

  test.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["text/json", true],
    ["application/cloudevents+json", true],
    ["application/vnd.api+json;v=1", true],
    ["application/jsonp", false],
    ["text/plain", false],
  ])("%j is JSON: %s", (type, json) => {
    expect(isJsonContentType(type)).toBe(json);
  });
});

describe("binary and structured mode give the same event (CloudEvents spec examples)", () => {
  test.each([
    ["json-format-B234-xml-string-data", "application/xml"],
    ["json-format-C234-json-object-data", "application/json"],
    ["json-format-C234-json-number-data", "application/json"],
    // The JSON event leaves datacontenttype out (JSON is implied there); the binary one sends a content-type.
    ["json-format-D234-json-string-data", undefined],
    ["json-format-D234-data_base64-no-contenttype", undefined],
  ])("%s", (name, jsonContentType) => {
    const binary = parseCloudEvent(httpFixture(`${name}.binary-mode.http.txt`));
    const fromJson = parseCloudEvent(structured(`${name}.json`));
    const { extensions: binaryExtensions, ...binaryRest } = fields(binary);
    const { extensions: jsonExtensions, ...jsonRest } = fields(fromJson);
    expect(jsonRest.dataContentType).toBe(jsonContentType);
    expect(binaryRest).toEqual({ ...jsonRest, dataContentType: binary.dataContentType });
    // Binary-mode extension values are strings (headers); the JSON format keeps their types.
    expect(Object.keys(binaryExtensions)).toEqual(Object.keys(jsonExtensions));
  });

  test("binary mode: ce-* headers are attributes, content-type the data content type, JSON data parsed", () => {
    const event = parseCloudEvent(httpFixture("json-format-C234-json-object-data.binary-mode.http.txt"));
    expect(fields(event)).toEqual({
      kind: "cloudevent",
      id: "C234-1234-1234",
      source: "/mycontext",
      type: "com.example.someevent",
      subject: undefined,
      time: new Date("2018-04-05T17:31:00Z"),
      dataContentType: "application/json",
      data: { appinfoA: "abc", appinfoB: 123, appinfoC: true },
      extensions: { comexampleextension1: "value", comexampleothervalue: "5" },
    });
    expect(event.raw).toEqual({
      specversion: "1.0",
      type: "com.example.someevent",
      source: "/mycontext",
      id: "C234-1234-1234",
      time: "2018-04-05T17:31:00Z",
      comexampleextension1: "value",
      comexampleothervalue: "5",
      datacontenttype: "application/json",
      data: { appinfoA: "abc", appinfoB: 123, appinfoC: true },
    });
  });

  test("structured mode: a null attribute is absent, extensions keep their JSON types, raw is the event", () => {
    const event = parseCloudEvent(structured("json-format-C234-json-object-data.json"));
    expect([event.subject, { ...event.extensions }]).toEqual([undefined, { comexampleextension1: "value", comexampleothervalue: 5 }]);
    expect(event.raw).toEqual(JSON.parse(fixtureText("json-format-C234-json-object-data.json")));
    const xml = parseCloudEvent(structured("json-format-B234-xml-string-data.json"));
    expect(Object.keys(xml.extensions)).toEqual(["comexampleextension1", "comexampleothervalue"]);
  });

  test("text data stays a string; data without a content type, or binary data, stays bytes", () => {
    expect(parseCloudEvent(httpFixture("json-format-B234-xml-string-data.binary-mode.http.txt")).data).toBe('<much wow="xml"/>');
    const bytes = parseCloudEvent(httpFixture("json-format-D234-data_base64-no-contenttype.binary-mode.http.txt")).data;
    expect(bytes).toEqual(new TextEncoder().encode('{ "xyz": 123 }'));
    const thrift = parseCloudEvent({
      headers: {
        "ce-specversion": "1.0",
        "ce-id": "1",
        "ce-source": "/s",
        "ce-type": "t",
        "content-type": "application/vnd.apache.thrift.binary",
      },
      body: new Uint8Array([0, 255, 1]),
    });
    expect(thrift.data).toEqual(new Uint8Array([0, 255, 1]));
  });

  test("the conformance suite's binary and structured requests, with and without a charset", () => {
    for (const type of ["application/json", "application/json; charset=utf-8"]) {
      const event = parseCloudEvent(httpFixture("conformance-http-binary-request.http.txt", type));
      expect([event.id, event.source, event.type, event.time, event.dataContentType, event.data]).toEqual([
        "1234-1234-1234",
        "/mycontext/subcontext",
        "com.example.someevent",
        new Date("2018-04-05T03:56:24Z"),
        type,
        { message: "Hello World!" },
      ]);
    }
    for (const type of ["application/cloudevents+json", "application/cloudevents+json; charset=utf-8"]) {
      const event = parseCloudEvent(httpFixture("conformance-http-structured-request.http.txt", type));
      expect([event.id, event.dataContentType, event.data]).toEqual(["1234-1234-1234", "application/json", { message: "Hello World!" }]);
    }
  });

  test("a time with an offset is read as that instant", () => {
    const event = parseCloudEvent({
      headers: { "content-type": "application/cloudevents+json" },
      body: JSON.stringify({ specversion: "1.0", id: "1", source: "/s", type: "t", time: "2020-01-01T10:00:00.5+02:00" }),
    });
    expect(event.time).toEqual(new Date("2020-01-01T08:00:00.500Z"));
  });

  test("binary header values are percent-decoded", () => {
    const event = parseCloudEvent({
      headers: { "ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": "t", "ce-subject": "caf%C3%A9%20au%20lait" },
      body: "",
    });
    expect([event.subject, event.data]).toEqual(["café au lait", undefined]);
  });

  test("data_base64 becomes bytes", () => {
    const event = parseCloudEvent({
      headers: { "content-type": "application/cloudevents+json" },
      body: JSON.stringify({ specversion: "1.0", id: "1", source: "/s", type: "t", data_base64: "AAEC/f7/" }),
    });
    expect(event.data).toEqual(new Uint8Array([0, 1, 2, 253, 254, 255]));
  });
});

describe("malformed CloudEvents answer 400 naming the problem", () => {
  const binary = { "ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": "t" };
  const event = { specversion: "1.0", id: "1", source: "/s", type: "t" };
  const json = (value: unknown): CloudEventRequest => ({
    headers: { "content-type": "application/cloudevents+json" },
    body: JSON.stringify(value),
  });
  const withoutKey = <T>(record: Record<string, T>, key: string): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));

  test.each(["id", "source", "type"])("binary mode without ce-%s", (name) => {
    const error = thrown(() => parseCloudEvent({ headers: withoutKey(binary, `ce-${name}`), body: "{}" }));
    expect(error).toBeInstanceOf(InvalidBodyError);
    expect([(error as HttpError).status, (error as Error).message]).toEqual([
      400,
      `CloudEvent is missing required attribute "${name}" (the ce-${name} header)`,
    ]);
  });

  test.each(["id", "source", "type", "specversion"])("structured mode without %s", (name) => {
    const error = thrown(() => parseCloudEvent(json(withoutKey(event, name))));
    expect([(error as HttpError).status, (error as Error).message]).toEqual([400, `CloudEvent is missing required attribute "${name}"`]);
  });

  test.each([
    [{ ...event, id: "" }, 'CloudEvent attribute "id" must be a non-empty string'],
    [{ ...event, id: 7 }, 'CloudEvent attribute "id" must be a non-empty string'],
    [{ ...event, specversion: "0.3" }, 'Unsupported CloudEvents specversion "0.3": only 1.0 is supported'],
    [{ ...event, time: "yesterday" }, 'CloudEvent attribute "time" is not an RFC 3339 timestamp: "yesterday"'],
    [{ ...event, time: "2020-02-30T00:00:00Z" }, 'CloudEvent attribute "time" is not an RFC 3339 timestamp: "2020-02-30T00:00:00Z"'],
    [{ ...event, time: "2020-01-01T24:00:00Z" }, 'CloudEvent attribute "time" is not an RFC 3339 timestamp: "2020-01-01T24:00:00Z"'],
    [{ ...event, data: 1, data_base64: "AA==" }, 'A CloudEvent has either "data" or "data_base64", not both'],
    [{ ...event, data_base64: "not*base64!" }, 'CloudEvent "data_base64" is not valid base64'],
    [[event], "A structured CloudEvent must be a JSON object"],
  ])("%j", (value, message) => {
    const error = thrown(() => parseCloudEvent(json(value)));
    expect([(error as HttpError).status, (error as Error).message]).toEqual([400, message]);
  });

  test("invalid JSON, in structured mode and as binary JSON data", () => {
    const structuredError = thrown(() => parseCloudEvent({ headers: { "content-type": "application/cloudevents+json" }, body: "{oops" }));
    expect([(structuredError as HttpError).status, (structuredError as Error).message]).toEqual([
      400,
      expect.stringMatching(/^Body is not valid JSON: /),
    ]);
    const dataError = thrown(() => parseCloudEvent({ headers: { ...binary, "content-type": "application/json" }, body: "{oops" }));
    expect([(dataError as HttpError).status, (dataError as Error).message]).toEqual([
      400,
      expect.stringMatching(/^Body is not valid JSON: /),
    ]);
  });

  test("a ce- header that is not valid percent-encoding", () => {
    const error = thrown(() => parseCloudEvent({ headers: { ...binary, "ce-subject": "%E0%A4%A" }, body: "" }));
    expect((error as Error).message).toBe("CloudEvent header ce-subject is not valid percent-encoding");
  });

  test("a request that is no CloudEvent at all", () => {
    const error = thrown(() => parseCloudEvent({ headers: { "content-type": "application/json" }, body: "{}" }));
    expect([(error as HttpError).status, (error as Error).message]).toEqual([
      400,
      "Not a CloudEvent: no ce-specversion header, and the content-type is not application/cloudevents+json",
    ]);
  });
});

describe("what is not supported answers 415", () => {
  test("batched mode (the spec's batched request)", () => {
    const error = thrown(() => parseCloudEvent(httpFixture("http-binding-batched-request.http.txt")));
    expect(error).toBeInstanceOf(HttpError);
    expect([(error as HttpError).status, (error as Error).message]).toEqual([
      415,
      "Batched CloudEvents (application/cloudevents-batch+json) are not supported: deliver one event per request",
    ]);
  });

  test("a structured format other than JSON", () => {
    const error = thrown(() => parseCloudEvent({ headers: { "content-type": "application/cloudevents+avro" }, body: "" }));
    expect([(error as HttpError).status, (error as Error).message]).toEqual([
      415,
      "Structured CloudEvents in application/cloudevents+avro are not supported: use application/cloudevents+json",
    ]);
  });
});

describe("content types at the edges of the binding", () => {
  test.each([
    // Leading whitespace (spaces, a tab, a no-break space) before the media type: still structured.
    [" application/cloudevents+json", "structured"],
    ["\tapplication/cloudevents+json", "structured"],
    ["\u00a0application/cloudevents+json", "structured"],
    ["  application/cloudevents-batch+json", "batched"],
    // Only at the start: a media type that merely contains it (its 13th character is a `c` too) is not a CloudEvent.
    ["text/plain; charset=application/cloudevents+json", undefined],
    ["xapplication/cloudevents+json", undefined],
    // The 13th character is a `c`, but it is not application/cloudevents.
    ["application/csp-report", undefined],
    ["application/cloudevents", "structured"],
  ] as const)("%j is %s (without ce-specversion)", (contentType, mode) => {
    expect(cloudEventMode({ "content-type": contentType })).toBe(mode);
  });

  test("a content type that is not CloudEvents' leaves the mode to ce-specversion", () => {
    expect(cloudEventMode({ "content-type": "application/csp-report", "ce-specversion": "1.0" })).toBe("binary");
    expect(cloudEventMode({ "content-type": "text/plain; charset=application/cloudevents+json", "ce-specversion": "1.0" })).toBe("binary");
  });

  test.each([
    ["  application/json", true],
    ["xapplication/json", false],
    ["text/plain; profile=application/json", false],
    ["text/plain; x=a/b+json", false],
    [undefined, false],
  ])("%j is JSON: %s", (type, json) => {
    expect(isJsonContentType(type)).toBe(json);
  });

  test.each([
    ["application/cloudevents", "application/cloudevents"],
    ["application/cloudevents; charset=utf-8", "application/cloudevents"],
    ["application/cloudevents+", "application/cloudevents"],
    ["application/cloudevents+XML", "application/cloudevents+xml"],
  ])("structured mode in %j answers 415 naming %s", (contentType, named) => {
    const error = thrown(() => parseCloudEvent({ headers: { "content-type": contentType }, body: "{}" }));
    expect(error).toBeInstanceOf(HttpError);
    expect([(error as HttpError).status, (error as Error).message]).toEqual([
      415,
      `Structured CloudEvents in ${named} are not supported: use application/cloudevents+json`,
    ]);
  });
});

describe("attributes at the edges", () => {
  const attributes = { specversion: "1.0", id: "1", source: "/s", type: "t" };
  const json = (value: unknown): CloudEventRequest => ({
    headers: { "content-type": "application/cloudevents+json" },
    body: JSON.stringify(value),
  });
  const binaryHeaders = { "ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": "t" };
  const failure = (request: CloudEventRequest): unknown[] => {
    const error = thrown(() => parseCloudEvent(request));
    expect(error).toBeInstanceOf(InvalidBodyError);
    return [(error as HttpError).status, (error as Error).message];
  };

  test.each([
    ["2020-01-01T00:00:00.123Z", "2020-01-01T00:00:00.123Z"],
    ["2020-01-01T00:00:00.123456789Z", "2020-01-01T00:00:00.123Z"],
    ["2020-01-01T00:00:00+23:00", "2019-12-31T01:00:00.000Z"],
    ["2020-01-01T00:00:00-23:59", "2020-01-01T23:59:00.000Z"],
    ["2020-02-29t12:00:00z", "2020-02-29T12:00:00.000Z"],
  ])("time %j is the instant %s", (time, iso) => {
    expect(parseCloudEvent(json({ ...attributes, time })).time?.toISOString()).toBe(iso);
  });

  test.each([
    // Date itself takes each of these (an expanded year, a trailing NUL), RFC 3339 does not.
    "+002020-01-01T00:00:00Z",
    "2020-01-01T00:00:00Z\u0000",
    "2020-01-01T00:00:00+24:00",
    "2021-02-29T00:00:00Z",
    "2020-04-31T00:00:00Z",
    "2020-01-00T00:00:00Z",
    "2020-00-15T00:00:00Z",
    "2020-13-01T00:00:00Z",
  ])("time %j is a 400", (time) => {
    expect(failure(json({ ...attributes, time }))).toEqual([
      400,
      `CloudEvent attribute "time" is not an RFC 3339 timestamp: ${JSON.stringify(time)}`,
    ]);
  });

  test.each([
    ["subject", ""],
    ["subject", 5],
    ["time", ""],
    ["time", 5],
    ["datacontenttype", ""],
    ["datacontenttype", true],
  ])("structured: %s %j is a 400", (name, value) => {
    expect(failure(json({ ...attributes, [name]: value }))).toEqual([400, `CloudEvent attribute "${name}" must be a non-empty string`]);
  });

  test.each(["subject", "time", "id"])("binary: an empty ce-%s header is a 400 naming the header", (name) => {
    expect(failure({ headers: { ...binaryHeaders, [`ce-${name}`]: "" }, body: "" })).toEqual([
      400,
      `CloudEvent attribute "${name}" must be a non-empty string (the ce-${name} header)`,
    ]);
  });

  test("subject and datacontenttype are attributes, not extensions; an unknown attribute is an extension", () => {
    const event = parseCloudEvent(json({ ...attributes, subject: "orders/1", datacontenttype: "text/plain", data: "hi", tenant: "a" }));
    expect(fields(event)).toEqual({
      kind: "cloudevent",
      id: "1",
      source: "/s",
      type: "t",
      subject: "orders/1",
      time: undefined,
      dataContentType: "text/plain",
      data: "hi",
      extensions: { tenant: "a" },
    });
  });

  test("binary: a bare ce- header and a header without a value are no attributes; no content-type, no datacontenttype", () => {
    const event = parseCloudEvent({
      headers: { ...binaryHeaders, "ce-": "x", "ce-subject": "s", "ce-tenant": undefined, "ce-region": "eu" },
      body: new Uint8Array([1, 2]),
    });
    expect([{ ...event.extensions }, event.subject, event.dataContentType, event.data]).toEqual([
      { region: "eu" },
      "s",
      undefined,
      new Uint8Array([1, 2]),
    ]);
    expect(Object.keys(event.raw as object)).toEqual(["specversion", "id", "source", "type", "subject", "region", "data"]);
  });

  test("binary: a text body without a content type is bytes", () => {
    const event = parseCloudEvent({ headers: binaryHeaders, body: "héllo" });
    expect(event.data).toEqual(new TextEncoder().encode("héllo"));
  });

  test.each([
    ["5", "A structured CloudEvent must be a JSON object"],
    ["null", "A structured CloudEvent must be a JSON object"],
    ['"event"', "A structured CloudEvent must be a JSON object"],
  ])("structured: the body %s is a 400", (body, message) => {
    expect(failure({ headers: { "content-type": "application/cloudevents+json" }, body })).toEqual([400, message]);
  });

  test("structured: a null data or data_base64 is no data, and leaves the other alone", () => {
    expect(parseCloudEvent(json({ ...attributes, data: null })).data).toBe(undefined);
    expect(parseCloudEvent(json({ ...attributes, data_base64: null })).data).toBe(undefined);
    expect(parseCloudEvent(json({ ...attributes, data: null, data_base64: "AQI=" })).data).toEqual(new Uint8Array([1, 2]));
    expect(parseCloudEvent(json({ ...attributes, data: "x", data_base64: null })).data).toBe("x");
  });

  test.each([5, true, ["AQI="], { base64: "AQI=" }])("structured: data_base64 %j is a 400", (value) => {
    expect(failure(json({ ...attributes, data_base64: value }))).toEqual([400, 'CloudEvent "data_base64" must be a base64 string']);
  });
});
