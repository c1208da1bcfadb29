// The hand-written native types hold what the runtime really passes: the official types must be assignable to them.
// Imported as a module (not `types: [...]`), so workers-types declares no globals here.
import type {
  ExecutionContext as CfExecutionContext,
  Message as CfMessage,
  MessageBatch as CfMessageBatch,
  QueueRetryOptions as CfQueueRetryOptions,
  Request as CfRequest,
  ScheduledController as CfScheduledController,
  ExportedHandlerFetchHandler,
  ExportedHandlerQueueHandler,
  ExportedHandlerScheduledHandler,
} from "@cloudflare/workers-types";
import { defineHandler } from "@fnport/core";
import { describe, expectTypeOf, it } from "vitest";
import type {
  ExecutionContext,
  MessageBatch,
  QueueMessage,
  QueueRetryOptions,
  ScheduledController,
  WorkerRequest,
} from "./native-types.ts";
import { type WorkerHandlers, worker } from "./worker.ts";

interface Env {
  GREETING: string;
}

describe("native types", () => {
  it("accept the runtime's own objects", () => {
    expectTypeOf<CfRequest>().toExtend<WorkerRequest>();
    expectTypeOf<CfExecutionContext>().toExtend<ExecutionContext>();
    expectTypeOf<CfMessage<unknown>>().toExtend<QueueMessage>();
    expectTypeOf<CfMessageBatch<unknown>>().toExtend<MessageBatch>();
    expectTypeOf<CfQueueRetryOptions>().toExtend<QueueRetryOptions>();
    expectTypeOf<CfScheduledController>().toExtend<ScheduledController>();
  });

  it("the handlers take every argument the runtime passes", () => {
    expectTypeOf<Parameters<ExportedHandlerFetchHandler<Env>>>().toExtend<Parameters<WorkerHandlers<Env>["fetch"]>>();
    expectTypeOf<Parameters<ExportedHandlerQueueHandler<Env>>>().toExtend<Parameters<WorkerHandlers<Env>["queue"]>>();
    expectTypeOf<Parameters<ExportedHandlerScheduledHandler<Env>>>().toExtend<Parameters<WorkerHandlers<Env>["scheduled"]>>();
  });

  it("worker() types env as the app's bindings", () => {
    const app = defineHandler<undefined, Env>((_event, ctx) => {
      expectTypeOf(ctx.env).toEqualTypeOf<Env>();
    });
    expectTypeOf(worker(app)).toEqualTypeOf<WorkerHandlers<Env>>();
  });
});
