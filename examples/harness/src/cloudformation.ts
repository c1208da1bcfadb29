// Checks an AWS SAM or CloudFormation template offline: every resource type exists, every property is one
// that type has, with a value of its type, required ones are there, and every Ref, GetAtt and ${} in a Sub
// names something the template defines. What it cannot know (IAM, quotas, the SAM transform's own rules) it
// leaves to `sam validate` and CloudFormation.
import { parseTemplate } from "./cfn-yaml.ts";
import { loadSpec, type Spec, type SpecShape, type SpecType } from "./spec.ts";

const TOP_LEVEL = new Set([
  "AWSTemplateFormatVersion",
  "Transform",
  "Description",
  "Metadata",
  "Parameters",
  "Mappings",
  "Conditions",
  "Globals",
  "Resources",
  "Outputs",
  "Rules",
]);
const RESOURCE_KEYS = new Set([
  "Type",
  "Properties",
  "DependsOn",
  "Condition",
  "Metadata",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "CreationPolicy",
  "UpdatePolicy",
]);
const PSEUDO = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);
// What SAM makes of a resource, for GetAtt: a function's Arn is its AWS::Lambda::Function's.
const SAM_UNDERLYING: Record<string, string> = {
  "AWS::Serverless::Function": "AWS::Lambda::Function",
  "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
  "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> => value !== null && typeof value === "object" && !Array.isArray(value);
const isIntrinsic = (value: unknown): value is Record<string, Json> => {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || (keys[0] as string).startsWith("Fn::"));
};

/** The resources the SAM transform adds that a template may name: the implicit APIs, each function's role. */
function samImplicitResources(template: Record<string, Json>): Record<string, Json> {
  const implicit: Record<string, Json> = {};
  if (!isObject(template.Resources)) return implicit;
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (!isObject(resource) || resource.Type !== "AWS::Serverless::Function") continue;
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    if (properties.Role === undefined) implicit[`${name}Role`] = { Type: "AWS::IAM::Role" };
    for (const event of Object.values(isObject(properties.Events) ? properties.Events : {})) {
      const eventProperties = isObject(event) && isObject(event.Properties) ? event.Properties : {};
      if (isObject(event) && event.Type === "HttpApi" && eventProperties.ApiId === undefined)
        implicit.ServerlessHttpApi = { Type: "AWS::ApiGatewayV2::Api" };
      if (isObject(event) && event.Type === "Api" && eventProperties.RestApiId === undefined)
        implicit.ServerlessRestApi = { Type: "AWS::ApiGateway::RestApi" };
    }
  }
  return implicit;
}

class Checker {
  readonly problems: string[] = [];
  readonly #resources: Record<string, Json>;
  readonly #parameters: Set<string>;

  constructor(
    readonly spec: Spec,
    template: Record<string, Json>,
  ) {
    this.#resources = { ...samImplicitResources(template), ...(isObject(template.Resources) ? template.Resources : {}) };
    this.#parameters = new Set(isObject(template.Parameters) ? Object.keys(template.Parameters) : []);
  }

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** A Ref, GetAtt or Sub: what it names must exist. Other functions: their arguments are checked for these. */
  intrinsic(value: Record<string, Json>, path: string): void {
    const [name, argument] = Object.entries(value)[0] as [string, Json];
    if (name === "Ref") {
      if (typeof argument !== "string" || !(argument in this.#resources || this.#parameters.has(argument) || PSEUDO.has(argument)))
        this.problem(path, `Ref to ${JSON.stringify(argument)}, which is no resource, parameter or pseudo parameter`);
    } else if (name === "Fn::GetAtt") {
      const [resource, attribute] = Array.isArray(argument) ? argument : [];
      this.getAtt(String(resource), String(attribute), path);
    } else if (name === "Fn::Sub") {
      const text = Array.isArray(argument) ? argument[0] : argument;
      const variables = Array.isArray(argument) && isObject(argument[1]) ? Object.keys(argument[1]) : [];
      for (const [, reference] of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const ref = reference as string;
        if (variables.includes(ref) || PSEUDO.has(ref) || this.#parameters.has(ref) || ref in this.#resources) continue;
        const dot = ref.indexOf(".");
        if (dot > 0) this.getAtt(ref.slice(0, dot), ref.slice(dot + 1), path);
        else this.problem(path, `\${${ref}} in Fn::Sub names nothing the template defines`);
      }
    }
    this.references(argument, path);
  }

  getAtt(resource: string, attribute: string, path: string) {
    const declared = this.#resources[resource];
    if (!isObject(declared)) return this.problem(path, `GetAtt ${resource}.${attribute}: no resource ${resource}`);
    const type = String(declared.Type);
    const spec = this.spec.resource(SAM_UNDERLYING[type] ?? type);
    if (spec && !(attribute in spec.attributes))
      this.problem(path, `GetAtt ${resource}.${attribute}: ${type} has no attribute ${attribute}`);
  }

  /** Intrinsics anywhere inside a value of type json. */
  references(value: Json, path: string): void {
    if (isIntrinsic(value)) this.intrinsic(value, path);
    else if (Array.isArray(value)) for (const [index, item] of value.entries()) this.references(item, `${path}[${index}]`);
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) this.references(item, `${path}.${key}`);
  }

  /** The problems of `value` as a `type` (none: it fits), collected apart so unions can try each member. */
  fit(value: Json, type: SpecType, path: string): string[] {
    const sub = new Checker(this.spec, {
      Resources: this.#resources,
      Parameters: Object.fromEntries([...this.#parameters].map((p) => [p, {}])),
    });
    sub.value(value, type, path);
    return sub.problems;
  }

  value(value: Json, type: SpecType, path: string) {
    if (isIntrinsic(value)) return this.intrinsic(value, path);
    switch (type.type) {
      case "json":
        return this.references(value, path);
      case "string":
      case "date-time":
        if (!["string", "number", "boolean"].includes(typeof value)) this.problem(path, `expected a string, got ${JSON.stringify(value)}`);
        return;
      case "number":
      case "integer":
        if (typeof value === "number" ? type.type === "integer" && !Number.isInteger(value) : !/^-?\d+(\.\d+)?$/.test(String(value)))
          this.problem(path, `expected ${type.type === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(value)}`);
        return;
      case "boolean":
        if (typeof value !== "boolean" && value !== "true" && value !== "false")
          this.problem(path, `expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case "null":
        return;
      case "tag":
        return this.shape(
          value,
          {
            name: "Tag",
            properties: { Key: { type: { type: "string" }, required: true }, Value: { type: { type: "string" }, required: true } },
          },
          path,
        );
      case "array":
        if (!Array.isArray(value)) return this.problem(path, `expected a list, got ${JSON.stringify(value)}`);
        for (const [index, item] of value.entries()) this.value(item, type.element, `${path}[${index}]`);
        return;
      case "map":
        if (!isObject(value)) return this.problem(path, `expected a map, got ${JSON.stringify(value)}`);
        for (const [key, item] of Object.entries(value)) this.value(item, type.element, `${path}.${key}`);
        return;
      case "ref": {
        const shape = this.spec.shape(type.reference.$ref);
        if (shape === undefined) return this.problem(path, `the specification has no type ${type.reference.$ref}`);
        return this.shape(value, shape, path);
      }
      case "union": {
        const attempts = type.types.map((member) => this.fit(value, member, path));
        if (attempts.some((problems) => problems.length === 0)) return;
        // Report the member that came closest.
        this.problems.push(...(attempts.toSorted((a, b) => a.length - b.length)[0] ?? []));
        return;
      }
    }
  }

  shape(value: Json, shape: SpecShape, path: string) {
    if (!isObject(value)) return this.problem(path, `expected ${shape.name} (a map), got ${JSON.stringify(value)}`);
    if (shape.name === "EventSource") return this.samEvent(value, path);
    for (const [name, property] of Object.entries(shape.properties)) {
      if (property.required && !(name in value)) this.problem(path, `${shape.name} needs ${name}`);
    }
    for (const [name, item] of Object.entries(value)) {
      const property = shape.properties[name];
      if (property === undefined) {
        this.problem(`${path}.${name}`, `${shape.name} has no property ${name}`);
        continue;
      }
      const types = [property.type, ...(property.previousTypes ?? [])];
      const attempts = types.map((type) => this.fit(item, type, `${path}.${name}`));
      if (!attempts.some((problems) => problems.length === 0)) this.problems.push(...(attempts[0] ?? []));
    }
  }

  /** A SAM function's event: `Properties` is the event type `Type` names (`Schedule` → ScheduleEvent, ...). */
  samEvent(value: Record<string, Json>, path: string) {
    const function_ = this.spec.resource("AWS::Serverless::Function");
    const events = function_?.properties.Events?.type;
    const source = events?.type === "map" && events.element.type === "ref" ? this.spec.shape(events.element.reference.$ref) : undefined;
    const members = source?.properties.Properties?.type;
    const candidates =
      members?.type === "union"
        ? members.types.map((member) => (member.type === "ref" ? this.spec.shape(member.reference.$ref) : undefined))
        : [];
    const shape = candidates.find((candidate) => candidate?.name === `${String(value.Type)}Event`);
    if (shape === undefined) return this.problem(`${path}.Type`, `SAM has no event type ${JSON.stringify(value.Type)}`);
    for (const key of Object.keys(value))
      if (key !== "Type" && key !== "Properties") this.problem(`${path}.${key}`, `a SAM event has no ${key}`);
    this.shape(value.Properties ?? {}, shape, `${path}.Properties`);
  }

  template(template: Record<string, Json>) {
    for (const key of Object.keys(template)) if (!TOP_LEVEL.has(key)) this.problem(key, "not a template section");
    if (!isObject(template.Resources) || Object.keys(template.Resources).length === 0)
      return this.problem("Resources", "a template needs at least one resource");
    for (const [name, resource] of Object.entries(template.Resources)) {
      const path = `Resources.${name}`;
      if (!isObject(resource)) {
        this.problem(path, "a resource is a map");
        continue;
      }
      for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) this.problem(`${path}.${key}`, "not a resource attribute");
      const spec = this.spec.resource(String(resource.Type));
      if (spec === undefined) {
        this.problem(`${path}.Type`, `no resource type ${JSON.stringify(resource.Type)} in AWS's specification`);
        continue;
      }
      this.shape(resource.Properties ?? {}, spec, `${path}.Properties`);
      if (resource.DependsOn !== undefined) {
        for (const dependency of [resource.DependsOn].flat())
          if (!(String(dependency) in template.Resources)) this.problem(`${path}.DependsOn`, `no resource ${dependency}`);
      }
    }
    for (const section of ["Outputs", "Globals"] as const) if (template[section] !== undefined) this.references(template[section], section);
  }
}

/** Every problem of a template, one line each (`Resources.Fn.Properties.Timeout: expected a number, got "ten"`); empty when none. */
export function checkTemplate(text: string, spec: Spec = loadSpec()): string[] {
  const template = parseTemplate(text);
  if (!isObject(template)) return ["a template is a map"];
  const checker = new Checker(spec, template);
  checker.template(template);
  return checker.problems;
}
