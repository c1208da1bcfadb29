// `node --conditions=source --import tsx bench/src/ablations/servers.ts FILE...`: Cloud Run throughput, CPU per
// request and cold start of each server entry file (listening on $PORT) beside raw node:http, as the bench measures.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type ServerSubject, serverSuite } from "../cloud-run/suite.ts";

const files = process.argv.slice(2);
const raw: ServerSubject = { id: "raw", label: "raw", entry: new URL("../cloud-run/subjects/raw.ts", import.meta.url), launch: "node" };
const subjects = files.map((f, i): ServerSubject => ({ id: `v${i}`, label: f, entry: pathToFileURL(resolve(f)), launch: "node" }));
const suite = serverSuite("cloud-run", "ablation", [raw, ...subjects]);
try {
  const results = await suite.run({ quick: process.env.QUICK === "1", log: (line) => process.stderr.write(`${line}\n`) });
  for (const r of results) {
    if (r.metric.includes("latency")) continue;
    const label = r.subject === "raw" ? "raw" : (subjects.find((s) => s.id === r.subject)?.label ?? r.subject);
    process.stdout.write(
      `${r.metric.padEnd(22)} ${label.padEnd(52)} ${String(r.value).padStart(8)} ${r.unit}  ×${r.ratio} ${r.spread ? `[${r.spread.join("–")}]` : ""}\n`,
    );
  }
} finally {
  await suite.dispose?.();
}
