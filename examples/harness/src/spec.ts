// AWS's resource specification, as @aws-cdk/aws-service-spec publishes it (data only: the CloudFormation
// registry schemas of every AWS::* resource, and the AWS::Serverless::* resources of SAM).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";

export type SpecType =
  | { type: "string" | "number" | "integer" | "boolean" | "json" | "date-time" | "null" | "tag" }
  | { type: "array" | "map"; element: SpecType }
  | { type: "union"; types: SpecType[] }
  | { type: "ref"; reference: { $ref: string } };

export interface SpecProperty {
  type: SpecType;
  previousTypes?: SpecType[];
  required?: boolean;
}

export interface SpecShape {
  name: string;
  properties: Record<string, SpecProperty>;
}

export interface SpecResource extends SpecShape {
  cloudFormationType: string;
  attributes: Record<string, unknown>;
}

export interface Spec {
  resource(type: string): SpecResource | undefined;
  shape(id: string): SpecShape | undefined;
}

let loaded: Spec | undefined;

export function loadSpec(): Spec {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve("@aws-cdk/aws-service-spec/db.json.gz");
  const db = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as {
    schema: {
      resource: { entities: Record<string, SpecResource> };
      typeDefinition: { entities: Record<string, SpecShape & { $id: string }> };
    };
  };
  const resources = new Map(Object.values(db.schema.resource.entities).map((resource) => [resource.cloudFormationType, resource]));
  const shapes = new Map(Object.values(db.schema.typeDefinition.entities).map((shape) => [shape.$id, shape]));
  loaded = { resource: (type) => resources.get(type), shape: (id) => shapes.get(id) };
  return loaded;
}
