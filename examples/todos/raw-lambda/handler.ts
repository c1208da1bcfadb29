// The same todo service written for AWS Lambda alone, without fnport: what src/app.ts + src/lambda.ts replace.
// Behind an HTTP API (payload 2.0), an SQS queue (ReportBatchItemFailures) and an EventBridge schedule; DynamoDB
// table keyed by `id`. Its answers are fnport's (test/raw-lambda.test.ts runs the same scenario on it).
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  ScheduledEvent,
  SQSBatchResponse,
  SQSEvent,
} from "aws-lambda";
import * as z from "zod/mini";

const Title = z.string({ error: "title must be a string" }).check(z.trim(), z.minLength(1, "title must not be empty"));
const NewTodo = z.object({ title: Title });
const TodoPatch = z.object({ title: z.optional(Title), done: z.optional(z.boolean({ error: "done must be a boolean" })) });
type Todo = { id: string; title: string; done: boolean };

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.TODOS_TABLE;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: object = {},
  ) {
    super(message);
  }
}

function log(level: string, message: string, requestId: string, fields: object = {}): void {
  console.log(JSON.stringify({ level, message, requestId, time: new Date().toISOString(), ...fields }));
}

function reply(statusCode: number, body?: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  if (body === undefined) return { statusCode, headers };
  return { statusCode, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

function parse<T>(schema: z.ZodMiniType<T>, text: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Body is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  throw new HttpError(400, "Body does not match the schema", { issues });
}

async function create(id: string, title: string, abortSignal: AbortSignal): Promise<Todo> {
  const todo: Todo = { id, title, done: false };
  try {
    await db.send(new PutCommand({ TableName, Item: todo, ConditionExpression: "attribute_not_exists(id)" }), { abortSignal });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error; // a redelivered message creates nothing twice
  }
  return todo;
}

async function allTodos(abortSignal: AbortSignal): Promise<Todo[]> {
  const todos: Todo[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }), { abortSignal });
    todos.push(...((page.Items ?? []) as Todo[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return todos;
}

async function route(event: APIGatewayProxyEventV2, requestId: string, abortSignal: AbortSignal) {
  const method = event.requestContext.http.method;
  const body = () => (event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? ""));
  if (event.rawPath === "/todos") {
    if (method === "GET") return reply(200, await allTodos(abortSignal));
    if (method !== "POST") return reply(405, { error: "Method Not Allowed" }, { allow: "GET, POST" });
    const todo = await create(crypto.randomUUID(), parse(NewTodo, body()).title, abortSignal);
    log("info", "todo created", requestId, { id: todo.id });
    return reply(201, todo, { location: `/todos/${todo.id}` });
  }
  const match = /^\/todos\/([^/]+)$/.exec(event.rawPath);
  if (match === null) return reply(404, { error: "Not Found" });
  let id: string;
  try {
    id = decodeURIComponent(match[1] as string);
  } catch {
    throw new HttpError(400, "The request path has invalid percent-encoding");
  }
  if (method === "GET") {
    const { Item } = await db.send(new GetCommand({ TableName, Key: { id }, ConsistentRead: true }), { abortSignal });
    if (Item === undefined) throw new HttpError(404, `No todo ${id}`);
    return reply(200, Item);
  }
  if (method === "DELETE") {
    await db.send(new DeleteCommand({ TableName, Key: { id } }), { abortSignal });
    return reply(204);
  }
  if (method !== "PATCH") return reply(405, { error: "Method Not Allowed" }, { allow: "GET, PATCH, DELETE" });
  const patch = Object.entries(parse(TodoPatch, body())).filter(([, value]) => value !== undefined);
  if (patch.length === 0) {
    const { Item } = await db.send(new GetCommand({ TableName, Key: { id }, ConsistentRead: true }), { abortSignal });
    if (Item === undefined) throw new HttpError(404, `No todo ${id}`);
    return reply(200, Item);
  }
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName,
        Key: { id },
        ConditionExpression: "attribute_exists(id)",
        UpdateExpression: `SET ${patch.map(([name]) => `#${name} = :${name}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(patch.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(patch.map(([name, value]) => [`:${name}`, value])),
        ReturnValues: "ALL_NEW",
      }),
      { abortSignal },
    );
    return reply(200, Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new HttpError(404, `No todo ${id}`);
    throw error;
  }
}

async function importTodos(event: SQSEvent, requestId: string, abortSignal: AbortSignal): Promise<SQSBatchResponse> {
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      try {
        await create(record.messageId, parse(NewTodo, record.body).title, abortSignal);
      } catch (error) {
        log("warn", "message failed", requestId, { messageId: record.messageId, error: (error as Error).message });
        return { itemIdentifier: record.messageId };
      }
    }),
  );
  return { batchItemFailures: failures.filter((failure) => failure !== undefined) };
}

async function purgeDone(requestId: string, abortSignal: AbortSignal): Promise<void> {
  const done = (await allTodos(abortSignal)).filter((todo) => todo.done);
  await Promise.all(done.map((todo) => db.send(new DeleteCommand({ TableName, Key: { id: todo.id } }), { abortSignal })));
  log("info", "purged done todos", requestId, { purged: done.length });
}

export async function handler(event: APIGatewayProxyEventV2 | SQSEvent | ScheduledEvent, context: Context) {
  // Stop waiting on DynamoDB half a second before Lambda stops the function, and answer 504 instead.
  const abortSignal = AbortSignal.timeout(Math.max(context.getRemainingTimeInMillis() - 500, 0));
  if ("Records" in event) return importTodos(event, context.awsRequestId, abortSignal);
  if ("detail-type" in event) return purgeDone(context.awsRequestId, abortSignal);
  try {
    return await route(event, context.awsRequestId, abortSignal);
  } catch (error) {
    if (error instanceof HttpError) return reply(error.status, { error: error.message, ...error.details });
    if (abortSignal.aborted) return reply(504, { error: "Gateway Timeout" });
    log("error", "request failed", context.awsRequestId, { error: { message: (error as Error).message, stack: (error as Error).stack } });
    return reply(500, { error: "Internal Server Error" });
  }
}
