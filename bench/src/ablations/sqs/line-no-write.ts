// fnport with its default failure line built (stack, JSON) but written nowhere: what building the line costs.
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage } from "@fnport/core";
import { work } from "../../aws-lambda/sqs/_work.ts";

export let written = 0;

export const handler = lambda(
  defineHandler(async (event) => {
    if (event.kind !== "messages") throw new Error(`messages only, got ${event.kind}`);
    return forEachMessage(event, async (message) => work(await message.json()));
  }),
  {
    write: (line) => {
      written += line.length;
    },
  },
);
