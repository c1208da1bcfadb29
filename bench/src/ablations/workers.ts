// `node --conditions=source --import tsx bench/src/ablations/workers.ts FILE...`: Workers warm/cold CPU of
// each entry file (a module whose default export has `fetch`) beside raw, as the bench measures.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { workersSuite } from "../cloudflare-workers/suite.ts";
import type { Subject } from "../suite.ts";

const files = process.argv.slice(2);
const raw: Subject = { id: "raw", label: "raw", entry: new URL("../cloudflare-workers/subjects/raw.ts", import.meta.url) };
const subjects = files.map((f, i): Subject => ({ id: `v${i}`, label: f, entry: pathToFileURL(resolve(f)) }));
const suite = workersSuite([raw, ...subjects]);
try {
  const results = await suite.run({ quick: process.env.QUICK === "1", log: (l) => process.stderr.write(`${l}\n`) });
  for (const r of results) {
    const label = r.subject === "raw" ? "raw" : (subjects.find((s) => s.id === r.subject)?.label ?? r.subject);
    process.stdout.write(
      `${r.metric.padEnd(16)} ${label.padEnd(52)} ${String(r.value).padStart(8)} ${r.unit}  ×${r.ratio} ${r.spread ? `[${r.spread.join("–")}]` : ""}\n`,
    );
  }
} finally {
  await suite.dispose?.();
}
