// lambda(app)'s compile error for an app typed with Workers bindings: it names why, at the lambda(app) line.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

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

test("lambda(app) with Workers bindings says ctx.env on Lambda is process.env, at the lambda(app) line; string env vars compile", {
  timeout: 60_000,
}, () => {
  const errors = compileErrors({
    "__workers-app.ts": [
      'import { defineHandler } from "@fnport/core";',
      'import { lambda } from "./index.ts";',
      "interface Bindings { MY_KV: { get(key: string): Promise<string | null> } }",
      'const app = defineHandler<undefined, Bindings>(async (_event, ctx) => void (await ctx.env.MY_KV.get("k")));',
      "export const handler = lambda(app);",
    ].join("\n"),
    // Env vars typed as an interface of strings are what process.env holds: no error.
    "__string-env-app.ts": [
      'import { defineHandler } from "@fnport/core";',
      'import { lambda } from "./index.ts";',
      "interface Vars { API_URL: string | undefined }",
      'const app = defineHandler<undefined, Vars>((_event, ctx) => ({ body: ctx.env.API_URL ?? "" }));',
      "export const handler = lambda(app);",
    ].join("\n"),
  });
  expect(errors["__string-env-app.ts"]).toEqual([]);
  expect(errors["__workers-app.ts"]).toHaveLength(1);
  const [error] = errors["__workers-app.ts"] as [string];
  expect(error.startsWith("5: ")).toBe(true);
  expect(error).toContain(
    "ctx.env on Lambda is process.env, whose values are string | undefined: this app's Env asks for something else (Workers bindings?)",
  );
});
