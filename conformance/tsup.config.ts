import { defineConfig } from "tsup";

export default defineConfig({
  entry: [
    "src/index.ts",
    "src/app.ts",
    "src/hello.ts",
    "src/vitest.ts",
    "src/cli.ts",
    "src/store/index.ts",
    "src/store/run.ts",
    "src/store/cli.ts",
  ],
  format: ["esm"],
  dts: { entry: ["src/index.ts", "src/app.ts", "src/hello.ts", "src/vitest.ts", "src/store/index.ts", "src/store/run.ts"] },
  clean: true,
  target: "es2022",
  // Optional peers, imported only by what uses them.
  external: ["vitest", "esbuild", "tsx"],
});
