// The cold/warm meter for Lambda: the suite's hello app behind `lambda()` beside a raw hand-written
// handler, both bundled like a deployment (`nodeMeter`: cold = a fresh node process, warm = in-process).
import { type MeterHarness, nodeMeter } from "@fnport/conformance";
import { lambdaFirstByte } from "./conformance-first-byte.ts";

/** Both hellos bundled from this repository's sources (the `source` export condition); the streamed ones in-process. */
export function lambdaMeter(): MeterHarness & Required<Pick<MeterHarness, "firstByte">> {
  const meter = nodeMeter({
    fnport: new URL("hello/fnport.ts", import.meta.url),
    raw: new URL("hello/raw.ts", import.meta.url),
    bundle: { conditions: ["source", "node"] },
  });
  return { ...meter, firstByte: lambdaFirstByte };
}
