// The compile errors a user sees for the common mistakes: the message names the fix, at the line of the mistake.
// (The *.test-d.ts files hold that these are errors; this test holds what they say.)
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const srcDir = fileURLToPath(new URL(".", import.meta.url));
const configPath = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

/** Type-checks `files` (name → source, in this folder, next to index.ts) and returns each error as "line: message chain". */
function compileErrors(files: Record<string, string>): Record<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error("cannot read tsconfig.json");
  const virtual = new Map(Object.entries(files).map(([name, source]) => [`${srcDir}${name}`, source]));
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const source = virtual.get(path);
    return source === undefined ? getSourceFile.call(host, path, language, ...rest) : ts.createSourceFile(path, source, language, true);
  };
  // A user's app is not a library: no declaration rules.
  const options = { ...config.options, isolatedDeclarations: false, declaration: false };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: Record<string, string[]> = {};
  for (const path of virtual.keys()) {
    const file = program.getSourceFile(path);
    const name = path.slice(srcDir.length);
    errors[name] = ts.getPreEmitDiagnostics(program, file).map((diagnostic) => {
      const line =
        diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
      return `${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
  }
  return errors;
}

describe("compile errors for common mistakes", { timeout: 60_000 }, () => {
  const errors = compileErrors({
    "__status-code.ts": [
      'import { defineHandler } from "./index.ts";',
      'export const app = defineHandler(() => ({ statusCode: 404, body: "not found" }));',
    ].join("\n"),
    "__batch-item-failures.ts": [
      'import { defineHandler } from "./index.ts";',
      "export const app = defineHandler(async (event) => {",
      '  if (event.kind !== "messages") return;',
      "  return { batchItemFailures: event.messages.map((message) => ({ itemIdentifier: message.id })) };",
      "});",
    ].join("\n"),
    "__env-first.ts": [
      'import { defineHandler } from "./index.ts";',
      "interface Bindings { KV: { get(key: string): Promise<string | null> } }",
      "export const app = defineHandler<Bindings>(() => {});",
    ].join("\n"),
    "__fine.ts": [
      'import { defineHandler, json } from "./index.ts";',
      "interface Bindings { KV: { get(key: string): Promise<string | null> } }",
      'export const a = defineHandler<undefined, Bindings>(async (_event, ctx) => json(await ctx.env.KV.get("k")));',
      "export const b = defineHandler<{ n: number }, Bindings>({ init: () => ({ n: 1 }), handle: (_event, ctx) => json(ctx.deps.n) });",
    ].join("\n"),
  });

  test("{ statusCode } says fnport names it status, on the handler's line, with no overload noise", () => {
    expect(errors["__status-code.ts"]).toHaveLength(1);
    const [error] = errors["__status-code.ts"] as [string];
    expect(error.startsWith("2: ")).toBe(true);
    expect(error).toContain("Types of property 'statusCode' are incompatible.");
    expect(error).toContain("Type 'number' is not assignable to type '\"fnport results name it `status`, not `statusCode`\"'.");
    expect(error).not.toContain("overload");
  });

  test("{ batchItemFailures } says property 'failed' is missing, with no overload noise", () => {
    expect(errors["__batch-item-failures.ts"]).toHaveLength(1);
    const [error] = errors["__batch-item-failures.ts"] as [string];
    expect(error.startsWith("2: ")).toBe(true);
    expect(error).toContain(
      "Property 'failed' is missing in type '{ batchItemFailures: { itemIdentifier: string; }[]; }' but required in type 'MessagesResult'.",
    );
    expect(error).not.toContain("overload");
  });

  test("defineHandler<Env>(fn), the old order, names the fix", () => {
    expect((errors["__env-first.ts"] as string[])[0]).toContain(
      "a handler without init has no deps: write defineHandler<undefined, Env>(fn), or give { init, handle }",
    );
    expect((errors["__env-first.ts"] as string[])[0]?.startsWith("3: ")).toBe(true);
  });

  test("the documented forms compile", () => {
    expect(errors["__fine.ts"]).toEqual([]);
  });
});
