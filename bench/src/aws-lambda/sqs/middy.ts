// middy's partial batch failure middleware, logger off (its default logs each failure with console.error).
import middy from "@middy/core";
import sqsPartialBatchFailure from "@middy/sqs-partial-batch-failure";
import { work } from "./_work.ts";

type SqsEvent = { Records: { messageId: string; body: string }[] };

// Its logger option takes a function; a no-op is "off".
const logger = () => {};

export const handler = middy<SqsEvent>()
  .use(sqsPartialBatchFailure({ logger }))
  .handler(async (event) => Promise.allSettled(event.Records.map(async (record) => work(JSON.parse(record.body)))));
