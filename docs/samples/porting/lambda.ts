import { lambda } from "@fnport/aws-lambda";
import app from "./app.ts";

export const handler = lambda(app);
