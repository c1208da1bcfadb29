// Checks a Cloud Run or Knative service.yaml against the Knative Serving schema (@kubernetes-models/knative:
// Knative's API types, validated with ajv): types, required fields, structure.
import { Service } from "@kubernetes-models/knative/serving.knative.dev/v1/Service";
import { parse } from "yaml";

/** Every problem of a `serving.knative.dev/v1` Service, one line each; empty when none. */
export function checkKnativeService(text: string): string[] {
  const data = parse(text) as { apiVersion?: unknown; kind?: unknown };
  if (data?.apiVersion !== "serving.knative.dev/v1" || data.kind !== "Service") return ["not a serving.knative.dev/v1 Service"];
  try {
    new Service(data as ConstructorParameters<typeof Service>[0]).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: Array<{ instancePath: string; message: string }> }).errors;
    return details ? details.map((detail) => `${detail.instancePath || "/"}: ${detail.message}`) : [(error as Error).message];
  }
}
