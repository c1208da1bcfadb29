// A function module deployed as Google deploys one (bundled, started by the framework's CLI): it
// answers plain requests with what the context says, and tells its parent, over IPC, every event it got.
import { eventView } from "@fnport/conformance";
import { defineHandler, json } from "@fnport/core";
import { cloudFunction } from "../../src/index.ts";

cloudFunction(
  process.env.FUNCTION_TARGET ?? "probe",
  defineHandler(async (event, ctx) => {
    ctx.log.info("probe got an event", { kind: event.kind });
    process.send?.(await eventView(event));
    if (event.kind !== "http") return undefined;
    return json({ requestId: ctx.requestId, deadline: ctx.deadline ?? null, provider: ctx.provider, kind: event.kind });
  }),
);
