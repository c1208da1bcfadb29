import { createRouter, defineHandler, HttpError, json } from "@fnport/core";
import * as z from "zod/mini";

const NewTodo = z.object({ title: z.string() });
const todos = new Map<string, { id: string; title: string }>();
let lastId = 0;

const router = createRouter()
  .get("/todos", () => json([...todos.values()]))
  .get("/todos/:id", (event) => {
    const todo = todos.get(event.params.id); // params are typed from the pattern, decoded once
    if (todo === undefined) throw new HttpError(404, `No todo ${event.params.id}`);
    return json(todo);
  })
  .post("/todos", async (event) => {
    const { title } = await event.json(NewTodo); // bad JSON or schema → 400 listing the issues
    const todo = { id: String(++lastId), title };
    todos.set(todo.id, todo);
    return json(todo, { status: 201 });
  })
  .delete("/todos/:id", (event) => {
    todos.delete(event.params.id); // nothing returned: 204
  });

export default defineHandler(router.handle);
