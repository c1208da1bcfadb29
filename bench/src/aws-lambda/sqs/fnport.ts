// fnport as a user writes it: forEachMessage with its default failure log line (a JSON line on stderr).
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage } from "@fnport/core";
import { work } from "./_work.ts";

export const handler = lambda(
  defineHandler(async (event) => {
    if (event.kind !== "messages") throw new Error(`messages only, got ${event.kind}`);
    return forEachMessage(event, async (message) => work(await message.json()));
  }),
);
