import { AutoRouter } from "itty-router";

// AutoRouter answers a returned object as JSON and an unmatched route as 404.
export default AutoRouter().post("/hello", async (request) => {
  const { name } = (await request.json()) as { name: string };
  return { message: `hello, ${name}` };
});
