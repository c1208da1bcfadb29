// Before: a Lambda-only SQS consumer with Powertools (Logger, BatchProcessor).
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

const processor = new BatchProcessor(EventType.SQS);
const logger = new Logger({ serviceName: "orders" });

async function fulfil(record: SQSRecord): Promise<void> {
  const order = JSON.parse(record.body) as { sku: string; quantity: number };
  logger.info("fulfilled", { sku: order.sku });
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, fulfil, processor, { context });
