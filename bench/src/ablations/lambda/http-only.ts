// The fnport hello behind an adapter that knows only HTTP API (payload 2.0) events: lambda() less every other
// integration and event source, the runner and the event contract kept whole. What an HTTP-only bundle would weigh.
import { createRunner } from "@fnport/core/adapter";
import { parseApiGatewayV2, toApiGatewayV2Result } from "../../../../packages/aws-lambda/src/http/apigw-v2.ts";
import type { ApiGatewayV2Event, LambdaContext } from "../../../../packages/aws-lambda/src/native-types.ts";
import app from "../../fnport-hello.ts";

const runner = createRunner(app, { provider: "aws-lambda" });

export const handler = (event: ApiGatewayV2Event, context: LambdaContext) =>
  runner.http(parseApiGatewayV2(event), { requestId: context.awsRequestId, env: process.env, native: context }, toApiGatewayV2Result);
