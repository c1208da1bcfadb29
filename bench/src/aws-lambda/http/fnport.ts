import { lambda } from "@fnport/aws-lambda";
import app from "../../fnport-hello.ts";

export const handler = lambda(app);
