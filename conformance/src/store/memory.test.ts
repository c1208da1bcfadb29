import { memoryStore } from "@fnport/core";
import { describeStoreConformance } from "./index.ts";

describeStoreConformance(() => memoryStore(), { name: "memoryStore" });
