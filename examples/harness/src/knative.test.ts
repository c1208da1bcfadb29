import { expect, test } from "vitest";
import { checkKnativeService } from "./knative.ts";

const service = (container: string) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: todos }
spec:
  template:
    spec:
      timeoutSeconds: 10
      containers:
${container}`;

test("a Knative Service that fits the schema has no problems", () => {
  expect(
    checkKnativeService(service("        - name: todos\n          image: todos:latest\n          ports: [{ containerPort: 8080 }]\n")),
  ).toEqual([]);
});

test("names what does not fit: a port that is not a number, a container without its name", () => {
  expect(checkKnativeService(service('        - image: todos:latest\n          ports: [{ containerPort: "eighty" }]\n'))).toEqual([
    "/spec/template/spec/containers/0: must have required property name",
    "/spec/template/spec/containers/0/ports/0/containerPort: must be integer",
  ]);
  expect(checkKnativeService("apiVersion: v1\nkind: Pod\n")).toEqual(["not a serving.knative.dev/v1 Service"]);
});
