// Starts dynalite (DynamoDB on LevelDB, in memory) on a free loopback port for the tests and stops it after (vitest globalSetup).
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // createTableMs 0: otherwise writes in the first 500 ms after CreateTable fail with ResourceNotFoundException.
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  project.provide("dynamoEndpoint", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
