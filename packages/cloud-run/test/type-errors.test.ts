// cloudRun(app) and toNodeHandler(app)'s compile error for an app typed with Workers bindings: it names
// why, at the line of the call (on Cloud Run ctx.env is process.env: the bindings would be undefined).
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const testDir = fileURLToPath(new URL(".", import.meta.url));
const configPath = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

/** Type-checks `files` (name → source, in this folder) and returns each one's errors as "line: message chain". */
function compileErrors(files: Record<string, string>): Record<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (config === undefined) throw new Error("cannot read tsconfig.json");
  const virtual = new Map(Object.entries(files).map(([name, source]) => [`${testDir}${name}`, source]));
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
    errors[path.slice(testDir.length)] = ts.getPreEmitDiagnostics(program, file).map((diagnostic) => {
      const line =
        diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
      return `${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
  }
  return errors;
}

const WHY =
  "ctx.env on Cloud Run and Cloud Functions is process.env, whose values are string | undefined: this app's Env asks for something else (Workers bindings?)";

test("cloudRun(app) and toNodeHandler(app) with Workers bindings say ctx.env is process.env, at the call; so does a required string; string | undefined vars compile", {
  timeout: 60_000,
}, () => {
  const errors = compileErrors({
    "__workers-app.ts": [
      'import { defineHandler } from "@fnport/core";',
      'import { cloudRun, toNodeHandler } from "../src/index.ts";',
      "interface Bindings { MY_KV: { get(key: string): Promise<string | null> } }",
      'const app = defineHandler<undefined, Bindings>(async (_event, ctx) => void (await ctx.env.MY_KV.get("k")));',
      "export const server = cloudRun(app);",
      "export const handler = toNodeHandler(app);",
      "// process.env.TABLE_NAME may be undefined",
      "export const strict = cloudRun(defineHandler<undefined, { TABLE_NAME: string }>(() => {}));",
    ].join("\n"),
    "__string-env-app.ts": [
      'import { defineHandler } from "@fnport/core";',
      'import { cloudRun, toNodeHandler } from "../src/index.ts";',
      "interface Vars { API_URL: string | undefined }",
      'const app = defineHandler<undefined, Vars>((_event, ctx) => ({ body: ctx.env.API_URL ?? "" }));',
      "export const server = cloudRun(app);",
      "export const handler = toNodeHandler(defineHandler(() => ({ status: 204 })));",
    ].join("\n"),
  });
  expect(errors["__string-env-app.ts"]).toEqual([]);
  const workers = errors["__workers-app.ts"] ?? [];
  expect(workers.map((error) => error.slice(0, 3))).toEqual(["5: ", "6: ", "8: "]);
  for (const error of workers) expect(error).toContain(WHY);
});
