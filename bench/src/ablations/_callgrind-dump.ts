// Reading a callgrind dump: shared by the ablation meters (instructions.ts, gcp-functions' meter-instructions.ts).

/** V8's optimizing compilers: on a background thread, still busy thousands of requests in under callgrind. */
export const COMPILER: RegExp = /compiler::|maglev::|Maglev|Turbofan|TurboFan|OptimizedCompilationJob/;

export interface Counted {
  /** Every instruction of the process in the window. */
  total: number;
  /** Without V8's optimizing compilers, whose background work is not a cost of the steady state. */
  served: number;
}

/** Sums a callgrind dump: its total, and the exclusive cost of the compiler's functions taken out. */
export function countDump(text: string): Counted | undefined {
  const totals = /^(?:totals|summary): (\d+)/m.exec(text);
  if (totals === null) return undefined;
  const names = new Map<string, string>();
  let compiling = false;
  let afterCall = false;
  let compiler = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("fn=") || line.startsWith("cfn=")) {
      const match = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (match === null) continue;
      const [, id, name] = match as unknown as [string, string, string | undefined];
      if (name !== undefined) names.set(id, name);
      if (line.startsWith("fn=")) compiling = COMPILER.test(names.get(id) ?? "");
    } else if (line.startsWith("calls=")) afterCall = true;
    else if (/^[0-9+*-]/.test(line)) {
      // The line after `calls=` is the call's inclusive cost, already counted in the callee's own lines.
      if (afterCall) afterCall = false;
      else if (compiling) compiler += Number(line.split(" ")[1] ?? 0);
    }
  }
  const total = Number(totals[1]);
  return { total, served: total - compiler };
}
