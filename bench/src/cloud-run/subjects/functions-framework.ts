// A raw Functions Framework HTTP function, run by the framework's own CLI as Cloud Functions runs it.
import { http } from "@google-cloud/functions-framework";

http("hello", (req, res) => {
  if (req.path !== "/hello" || req.method !== "POST") {
    res.status(404).send("Not found");
    return;
  }
  res.json({ message: `hello, ${(req.body as { name: string }).name}` });
});
