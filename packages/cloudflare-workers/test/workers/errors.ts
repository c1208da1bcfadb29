// A test worker that throws what a handler should never make the adapter crash on: an HttpError made by
// a second copy of @fnport/core (bundled from another path), and a revoked Proxy.
import { defineHandler, HttpError } from "@fnport/core";
// @ts-expect-error resolved by the test's bundler to a copy of core's errors.ts at another path
import { HttpError as OtherHttpError } from "second-core-errors";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const app = defineHandler((event) => {
  if (event.kind !== "http") return undefined;
  switch (event.path) {
    case "/copies":
      return new Response(JSON.stringify({ distinct: OtherHttpError !== HttpError }));
    case "/other-copy":
      throw new OtherHttpError(404, "No route", { headers: { "x-copy": "second" } });
    case "/revoked-proxy": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      throw proxy;
    }
    default:
      return undefined;
  }
});

const handlers: WorkerHandlers<unknown> = worker(app);
export default handlers;
