// One scenario, delivered to the todos service on each runtime; every runtime must give the same transcript.
// A runtime driver (@fnport/example-harness/runtimes) translates the neutral requests below into its
// provider's native deliveries.
import type { ClientRequest, Instance, QueueMessage } from "@fnport/example-harness/runtimes";

/** The headers a transcript keeps (the rest belong to the provider: date, connection, cf-ray, ...). */
const KEPT_HEADERS = ["content-type", "location", "allow"];

export type HttpStep = { request: string; status: number; headers: Record<string, string>; body: unknown };
export type Step = HttpStep | { request: string; failed: string[] };

export const INVALID_JSON = "Body is not valid JSON: <the runtime's JSON.parse message>";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Runs the scenario and returns its transcript: generated ids as `<id 1>`, `<id 2>` in order of appearance; lists sorted by title. */
export async function runScenario(instance: Instance): Promise<Step[]> {
  const steps: Step[] = [];
  const ids: string[] = [];
  const name = (text: string) =>
    text.replace(UUID, (id) => {
      if (!ids.includes(id)) ids.push(id);
      return `<id ${ids.indexOf(id) + 1}>`;
    });
  const real = (placeholder: string) => placeholder.replace(/<id (\d+)>/g, (_, n: string) => ids[Number(n) - 1] as string);

  async function http(method: string, path: string, body?: unknown): Promise<unknown> {
    const request: ClientRequest = { method, path: real(path) };
    if (body !== undefined) request.body = typeof body === "string" ? body : JSON.stringify(body);
    const answer = await instance.http(request);
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) if (answer.headers[name] !== undefined) headers[name] = answer.headers[name];
    let parsed: unknown = answer.body;
    if (headers["content-type"]?.startsWith("application/json")) {
      parsed = JSON.parse(name(answer.body));
      if (Array.isArray(parsed)) parsed.sort((a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title));
      // The one difference between runtimes: each V8 words JSON.parse's message its own way (workerd adds the column).
      const error = (parsed as { error?: unknown }).error;
      if (typeof error === "string" && /^Body is not valid JSON: \S/.test(error)) (parsed as { error: string }).error = INVALID_JSON;
    }
    if (headers.location !== undefined) headers.location = name(headers.location);
    steps.push({ request: `${method} ${path}`, status: answer.status, headers, body: parsed });
    return parsed;
  }

  await http("GET", "/todos");
  await http("POST", "/todos", { title: "  buy milk " });
  await http("POST", "/todos", { title: "write the report" });
  await http("POST", "/todos", { title: "" });
  await http("POST", "/todos", "{not json");
  await http("GET", "/todos/<id 1>");
  await http("PATCH", "/todos/<id 1>", { done: true });
  await http("PATCH", "/todos/<id 2>", { done: "yes" });
  await http("PATCH", "/todos/missing", { done: true });
  await http("GET", "/todos/missing");
  await http("PUT", "/todos");
  await http("GET", "/elsewhere");

  const batch: QueueMessage[] = [
    { id: "import-1", body: '{"title":"from the queue"}' },
    { id: "import-2", body: '{"title":42}' },
    { id: "import-3", body: '{"title":"from the queue, too"}' },
  ];
  steps.push({ request: "messages import-1..3", failed: (await instance.messages(batch)).toSorted() });
  // The queue delivers the batch again (at least once): nothing is imported twice.
  steps.push({ request: "messages import-1..3 again", failed: (await instance.messages(batch)).toSorted() });
  await http("GET", "/todos/import-1");
  await http("GET", "/todos");

  await instance.schedule();
  steps.push({ request: "schedule", failed: [] });
  await http("GET", "/todos");
  await http("DELETE", "/todos/<id 2>");
  await http("GET", "/todos/<id 2>");
  await http("GET", "/todos");
  return steps;
}

const JSON_TYPE = "application/json; charset=utf-8";
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Omit<HttpStep, "request"> => ({
  status,
  headers: { "content-type": JSON_TYPE, ...headers },
  body,
});
const milk = { id: "<id 1>", title: "buy milk", done: false };
const report = { id: "<id 2>", title: "write the report", done: false };
const queued = { id: "import-1", title: "from the queue", done: false };
const queuedToo = { id: "import-3", title: "from the queue, too", done: false };

/** The transcript every runtime gives (written out, not recorded from one of them). */
export const EXPECTED: Step[] = [
  { request: "GET /todos", ...json(200, []) },
  { request: "POST /todos", ...json(201, milk, { location: "/todos/<id 1>" }) },
  { request: "POST /todos", ...json(201, report, { location: "/todos/<id 2>" }) },
  {
    request: "POST /todos",
    ...json(400, { error: "Body does not match the schema", issues: [{ path: "title", message: "title must not be empty" }] }),
  },
  { request: "POST /todos", ...json(400, { error: INVALID_JSON }) },
  { request: "GET /todos/<id 1>", ...json(200, milk) },
  { request: "PATCH /todos/<id 1>", ...json(200, { ...milk, done: true }) },
  {
    request: "PATCH /todos/<id 2>",
    ...json(400, { error: "Body does not match the schema", issues: [{ path: "done", message: "done must be a boolean" }] }),
  },
  { request: "PATCH /todos/missing", ...json(404, { error: "No todo missing" }) },
  { request: "GET /todos/missing", ...json(404, { error: "No todo missing" }) },
  { request: "PUT /todos", ...json(405, { error: "Method Not Allowed" }, { allow: "GET, HEAD, POST, OPTIONS" }) },
  { request: "GET /elsewhere", ...json(404, { error: "Not Found" }) },
  { request: "messages import-1..3", failed: ["import-2"] },
  { request: "messages import-1..3 again", failed: ["import-2"] },
  { request: "GET /todos/import-1", ...json(200, queued) },
  { request: "GET /todos", ...json(200, [{ ...milk, done: true }, queued, queuedToo, report]) },
  { request: "schedule", failed: [] },
  { request: "GET /todos", ...json(200, [queued, queuedToo, report]) },
  { request: "DELETE /todos/<id 2>", status: 204, headers: {}, body: "" },
  { request: "GET /todos/<id 2>", ...json(404, { error: "No todo <id 2>" }) },
  { request: "GET /todos", ...json(200, [queued, queuedToo]) },
];
