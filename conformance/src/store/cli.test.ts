import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = async (args: string[], env: Record<string, string> = {}) => {
  const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=source", "--import", "tsx", cli, ...args], {
      cwd: fileURLToPath(new URL(".", import.meta.url)),
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
};

describe("fnport-store-conformance", { timeout: 30_000 }, () => {
  test("runs the checks on the store a module makes, prints them and the closing count, exits 0", async () => {
    const { code, stdout } = await run(["--store", "cli.fixture.ts", "--only", "increment"]);
    expect(code).toBe(0);
    expect(stdout.split("\n").filter((line) => !line.startsWith("  ✓"))).toEqual([
      "Store suite: memory through the CLI (strong, atomic conditional writes: true)",
      "2 passed, 0 failed, 0 skipped",
      "disposed",
      "",
    ]);
  });

  test("exits 1 and says why when a check fails", async () => {
    const { code, stdout } = await run(["--store", "cli.fixture.ts", "--only", "increment-concurrent"], { FNPORT_TEST_STORE: "lossy" });
    expect(code).toBe(1);
    expect(stdout).toContain("  ✗ store.increment-concurrent: 50 concurrent increments: none lost");
    expect(stdout).toContain("0 passed, 1 failed, 0 skipped");
  });

  test("exits 2 with the usage on a missing --store or a module that makes no store", async () => {
    expect(await run([])).toMatchObject({ code: 2, stdout: expect.stringContaining("--store MODULE is required\n\nUsage:") });
    expect(await run(["--store", "checks.ts"])).toMatchObject({
      code: 2,
      stdout: "Could not make the store from checks.ts: its default export is neither a function returning a store nor { create() }\n",
    });
  });
});
