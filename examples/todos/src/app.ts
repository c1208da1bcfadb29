import { createRouter, type DefaultEnv, defineHandler, forEachMessage, HttpError, json, type KeyValueStore } from "@fnport/core";
import * as z from "zod/mini";

const Title = z.string({ error: "title must be a string" }).check(z.trim(), z.minLength(1, "title must not be empty"));
const NewTodo = z.object({ title: Title });
const TodoPatch = z.object({ title: z.optional(Title), done: z.optional(z.boolean({ error: "done must be a boolean" })) });
type Todo = { id: string; title: string; done: boolean };

interface Deps {
  store: KeyValueStore;
}

const keyOf = (id: string) => `todo:${id}`;

async function create(store: KeyValueStore, id: string, title: string, signal: AbortSignal): Promise<Todo> {
  const todo: Todo = { id, title, done: false };
  await store.set(keyOf(id), todo, { ifAbsent: true, signal }); // a redelivered message creates nothing twice
  return todo;
}

async function allTodos(store: KeyValueStore, signal: AbortSignal): Promise<Todo[]> {
  const todos: Todo[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: "todo:", cursor, signal });
    for (const todo of await Promise.all(page.keys.map((key) => store.get<Todo>(key, { signal })))) if (todo) todos.push(todo);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return todos;
}

const router = createRouter<Deps, unknown>()
  .get("/todos", async (_, { deps, signal }) => json(await allTodos(deps.store, signal)))
  .post("/todos", async (event, { deps, signal, log }) => {
    const { title } = await event.json(NewTodo);
    const todo = await create(deps.store, crypto.randomUUID(), title, signal);
    log.info("todo created", { id: todo.id });
    return json(todo, { status: 201, headers: { location: `/todos/${todo.id}` } });
  })
  .get("/todos/:id", async (event, { deps, signal }) => {
    const todo = await deps.store.get<Todo>(keyOf(event.params.id), { signal });
    if (todo === undefined) throw new HttpError(404, `No todo ${event.params.id}`);
    return json(todo);
  })
  .patch("/todos/:id", async (event, { deps, signal }) => {
    const patch = await event.json(TodoPatch);
    const todo = await deps.store.update<Todo>(
      keyOf(event.params.id),
      (current) => {
        if (current === undefined) throw new HttpError(404, `No todo ${event.params.id}`);
        return Object.assign(current, patch);
      },
      { signal },
    );
    return json(todo);
  })
  .delete("/todos/:id", async (event, { deps, signal }) => {
    await deps.store.delete(keyOf(event.params.id), { signal });
  });

/** The todo service on any provider: `openStore` picks the store from the environment or bindings. */
export function todos<Env = DefaultEnv>(openStore: (env: Env) => KeyValueStore) {
  return defineHandler<Deps, Env>({
    init: (env) => ({ store: openStore(env) }),
    async handle(event, ctx) {
      switch (event.kind) {
        case "http":
          return router.handle(event, ctx);
        case "messages": // each message imports one todo; a bad one is retried alone
          return forEachMessage(event, async (message) => {
            await create(ctx.deps.store, message.id, (await message.json(NewTodo)).title, ctx.signal);
          });
        case "schedule": {
          // the nightly job: delete the todos that are done
          let purged = 0;
          for (const todo of await allTodos(ctx.deps.store, ctx.signal)) {
            if (todo.done && (await ctx.deps.store.delete(keyOf(todo.id), { signal: ctx.signal }))) purged++;
          }
          ctx.log.info("purged done todos", { purged });
          return;
        }
        default:
          throw new Error(`todos does not handle ${event.kind} events`);
      }
    },
  });
}
