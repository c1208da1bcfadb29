export { type DynamoStore, type DynamoStoreOptions, dynamoStore } from "./store.ts";
