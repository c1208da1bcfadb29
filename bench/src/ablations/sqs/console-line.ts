// fnport quiet, plus one constant line through console.error per failure: what the write alone costs.
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage } from "@fnport/core";
import { work } from "../../aws-lambda/sqs/_work.ts";

const LINE = '{"level":"error","severity":"ERROR","message":"message failed"}';
const onError = () => console.error(LINE);

export const handler = lambda(
  defineHandler(async (event) => {
    if (event.kind !== "messages") throw new Error(`messages only, got ${event.kind}`);
    return forEachMessage(event, async (message) => work(await message.json()), { onError });
  }),
);
