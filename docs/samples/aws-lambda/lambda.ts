import { lambda } from "@fnport/aws-lambda";
import app from "./app.ts"; // export default defineHandler(...)

export const handler = lambda(app); // or lambda(app, { integration: "apigw-v2" })
