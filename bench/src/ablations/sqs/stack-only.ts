// fnport quiet, plus reading the failure's stack (V8 formats it on first read): what the stack alone costs.
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage } from "@fnport/core";
import { work } from "../../aws-lambda/sqs/_work.ts";

export let stackLength = 0;
const onError = (error: unknown) => {
  stackLength += (error as Error).stack?.length ?? 0;
};

export const handler = lambda(
  defineHandler(async (event) => {
    if (event.kind !== "messages") throw new Error(`messages only, got ${event.kind}`);
    return forEachMessage(event, async (message) => work(await message.json()), { onError });
  }),
);
