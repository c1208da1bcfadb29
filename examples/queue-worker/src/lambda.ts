import { lambda } from "@fnport/aws-lambda";
import { memoryStore } from "@fnport/core";
import { dynamoStore } from "@fnport/state-dynamodb";
import { payments } from "./app.ts";

// DynamoDB when template.yaml sets TABLE; memory when run locally without it.
export const handler = lambda(payments((env) => (env.TABLE ? dynamoStore({ table: env.TABLE }) : memoryStore())));
