// `node --conditions=source --import tsx bench/src/ablations/lambda.ts http|sqs FILE...`: warm CPU ns/op of
// each entry file (a module exporting `handler`) beside raw, in the same process, as the bench measures.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { lambdaSuite } from "../aws-lambda/suite.ts";
import type { Subject } from "../suite.ts";

const [kind, ...files] = process.argv.slice(2) as ["http" | "sqs", ...string[]];
const raw: Subject = { id: "raw", label: "raw", entry: new URL(`../aws-lambda/${kind}/raw.ts`, import.meta.url) };
const subjects = files.map((f, i): Subject => ({ id: `v${i}`, label: f, entry: pathToFileURL(resolve(f)) }));
const suite = lambdaSuite(kind, "ablation", [raw, ...subjects], { cold: false, bundle: kind === "http" });
const results = await suite.run({ quick: false, log: () => {} });
for (const r of results) {
  const label = r.subject === "raw" ? "raw" : (subjects.find((s) => s.id === r.subject)?.label ?? r.subject);
  process.stdout.write(
    `${r.metric.padEnd(16)} ${label.padEnd(48)} ${String(r.value).padStart(7)} ${r.unit}  ×${r.ratio} ${r.spread ? `[${r.spread.join("–")}]` : ""}\n`,
  );
}
