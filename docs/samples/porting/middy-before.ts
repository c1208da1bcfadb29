// Before: a Lambda-only HTTP handler with Middy.
import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import { createError } from "@middy/util";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";

type OrderEvent = Omit<APIGatewayProxyEventV2, "body"> & { body: { sku?: unknown; quantity?: unknown } };

async function placeOrder(event: OrderEvent): Promise<APIGatewayProxyResultV2> {
  const { sku, quantity } = event.body;
  if (typeof sku !== "string" || typeof quantity !== "number") throw createError(400, "sku and quantity are required");
  return { statusCode: 201, headers: { "content-type": "application/json" }, body: JSON.stringify({ accepted: { sku, quantity } }) };
}

export const handler = middy(placeOrder).use(httpJsonBodyParser()).use(httpErrorHandler());
