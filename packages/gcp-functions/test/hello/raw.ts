// The meter's baseline: the same hello written by hand as a Functions Framework HTTP function, the way
// its docs write one (the framework has parsed the JSON body into req.body), validating with validateHello.
import { validateHello } from "@fnport/conformance/hello";
import { http } from "@google-cloud/functions-framework";

/** Registers the hello under `name` (the meter's in-process copy takes a name of its own). */
export function register(name: string): void {
  http(name, (req, res) => {
    if (req.path !== "/hello") {
      res.status(404).json({ error: `No route for ${req.path}` });
      return;
    }
    if (req.method !== "POST") {
      res.status(405).set("allow", "POST").json({ error: "Use POST" });
      return;
    }
    const parsed = validateHello(req.body);
    if ("issues" in parsed) {
      res.status(400).json({ error: "Body does not match the schema", issues: parsed.issues });
      return;
    }
    res.json({ message: `hello, ${parsed.value.name}` });
  });
}

register("hello");
