import { lambda } from "@fnport/aws-lambda";
import { memoryStore } from "@fnport/core";
import { dynamoStore } from "@fnport/state-dynamodb";
import { todos } from "./app.ts";

// DynamoDB when template.yaml sets TODOS_TABLE; memory when run locally without it. The timeout is the function's (template.yaml).
export const handler = lambda(todos((env) => (env.TODOS_TABLE ? dynamoStore({ table: env.TODOS_TABLE }) : memoryStore())));
