// `node --conditions=source --import tsx test/meter-run.ts [throughputSeconds] [rounds]`: the Cloud Run cost
// figures by hand (the same meter `pnpm conformance` runs), medians of alternated rounds, as ratios to raw.
import { cloudRunMeter, type Which } from "./conformance-meter.ts";

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 5);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const meter = cloudRunMeter();
const samples = {
  cold: { fnport: [] as number[], raw: [] as number[] },
  warm: { fnport: [] as number[], raw: [] as number[] },
  rps: { fnport: [] as number[], raw: [] as number[] },
};
try {
  for (let i = 0; i < 15; i++)
    for (const which of (i % 2 ? ["raw", "fnport"] : ["fnport", "raw"]) as Which[]) samples.cold[which].push(await meter.cold(which));
  await meter.warm("fnport", 500);
  await meter.warm("raw", 500);
  for (let i = 0; i < 15; i++)
    for (const which of (i % 2 ? ["raw", "fnport"] : ["fnport", "raw"]) as Which[])
      samples.warm[which].push((await meter.warm(which, 1000)) / 1000);
  await meter.throughput("fnport", 2000);
  await meter.throughput("raw", 2000);
  for (let i = 0; i < rounds; i++)
    for (const which of (i % 2 ? ["raw", "fnport"] : ["fnport", "raw"]) as Which[])
      samples.rps[which].push(await meter.throughput(which, seconds * 1000));
} finally {
  await meter.dispose();
}
const row = (name: string, f: number[], r: number[], unit: string) =>
  console.log(
    `${name.padEnd(11)} fnport ${median(f).toFixed(1).padStart(9)} ${unit}  raw ${median(r).toFixed(1).padStart(9)} ${unit}  ratio ${(median(f) / median(r)).toFixed(3)}   (fnport ${f.map((v) => v.toFixed(0)).join(" ")}; raw ${r.map((v) => v.toFixed(0)).join(" ")})`,
  );
row("cold", samples.cold.fnport, samples.cold.raw, "ms");
row(
  "warm",
  samples.warm.fnport.map((ns) => ns / 1000),
  samples.warm.raw.map((ns) => ns / 1000),
  "µs",
);
row("throughput", samples.rps.fnport, samples.rps.raw, "req/s");
