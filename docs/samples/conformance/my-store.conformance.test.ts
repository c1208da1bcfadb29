// my-store.conformance.test.ts
import { describeStoreConformance } from "@fnport/conformance/store";
import { myStore } from "./my-store.ts";

describeStoreConformance(() => myStore(), { name: "myStore", dispose: (store) => store.close?.() });
