// CloudFormation's YAML: the short forms of intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub "..."`) read as
// their long forms (`{ Ref: X }`, `{ "Fn::GetAtt": ["A", "B"] }`, `{ "Fn::Sub": "..." }`).
import { parse, type Tags } from "yaml";

const FUNCTIONS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "If",
  "Equals",
  "Not",
  "And",
  "Or",
  "Length",
  "ToJsonString",
];

function tags(): Tags {
  const all: Tags = [];
  for (const collection of [undefined, "seq", "map"] as const) {
    const base = collection === undefined ? {} : { collection };
    all.push({ ...base, tag: "!Ref", resolve: (value: unknown) => ({ Ref: plain(value) }) });
    all.push({
      ...base,
      tag: "!GetAtt",
      resolve: (value: unknown) => {
        const target = plain(value);
        return {
          "Fn::GetAtt": typeof target === "string" ? [target.slice(0, target.indexOf(".")), target.slice(target.indexOf(".") + 1)] : target,
        };
      },
    });
    for (const name of FUNCTIONS) all.push({ ...base, tag: `!${name}`, resolve: (value: unknown) => ({ [`Fn::${name}`]: plain(value) }) });
    all.push({ ...base, tag: "!Condition", resolve: (value: unknown) => ({ Condition: plain(value) }) });
  }
  return all as Tags;
}

/** A collection node from `yaml` as plain data (scalars arrive as strings already). */
function plain(value: unknown): unknown {
  return value !== null && typeof value === "object" && "toJSON" in value ? (value as { toJSON(): unknown }).toJSON() : value;
}

/** Parses a CloudFormation or SAM template written in YAML (or JSON). */
export function parseTemplate(text: string): unknown {
  return parse(text, { customTags: tags() });
}
