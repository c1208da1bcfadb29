// The meter's fnport hello: the suite's hello app behind `lambda()`, as `export const handler = lambda(app)` deploys it.
import { helloApp } from "@fnport/conformance/hello";
import { type LambdaHandler, lambda } from "../../src/index.ts";
import { helloContext, helloEvent } from "./event.ts";

export const handler: LambdaHandler = lambda(helloApp);

export async function hello(): Promise<{ status: number; body: string }> {
  const result = (await handler(helloEvent, helloContext)) as { statusCode: number; body: string };
  return { status: result.statusCode, body: result.body };
}
