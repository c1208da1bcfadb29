// fnport with the failure log turned off, to compare with middy's logger off.
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage } from "@fnport/core";
import { work } from "./_work.ts";

const quiet = { onError: () => {} };

export const handler = lambda(
  defineHandler(async (event) => {
    if (event.kind !== "messages") throw new Error(`messages only, got ${event.kind}`);
    return forEachMessage(event, async (message) => work(await message.json()), quiet);
  }),
);
