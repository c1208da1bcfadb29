import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** Runs the CLI from source the way `pnpm conformance` does, in the package folder. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "src/cli.ts", ...args],
      { cwd: packageRoot },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

// Each test starts the CLI under tsx in a new node process: over 5 s on a loaded machine.
describe("fnport-conformance", { timeout: 30_000 }, () => {
  test("--help prints the usage and the exit codes, and exits 0", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: fnport-conformance --harness PATH [--harness PATH ...] [options]");
    expect(stdout).toContain("  2  the command line or a harness module is wrong: nothing ran");
  });

  test.each([
    [[], "fnport-conformance: give at least one --harness PATH\nRun fnport-conformance --help for the options.\n"],
    [
      ["--harness", "test/modules/no-model.ts"],
      'fnport-conformance: test/modules/no-model.ts: harness "no model": a harness with "messages" declares exactly one delivery model (delivery:per-message, delivery:single or delivery:all-or-nothing), it declares none\nRun fnport-conformance --help for the options.\n',
    ],
    [
      ["--harness", "test/modules/good.ts", "--only", "nothing-like-it"],
      'fnport-conformance: no harness name contains "nothing-like-it" (loaded: good per-message, good single)\nRun fnport-conformance --help for the options.\n',
    ],
    [
      ["--harness", "test/modules/good.ts", "--harness", "test/modules/good.ts"],
      'fnport-conformance: two harnesses are named "good per-message" (the second in test/modules/good.ts); names must be unique\nRun fnport-conformance --help for the options.\n',
    ],
  ])("%j is a usage error: exit 2, nothing runs", async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect([code, stdout, stderr]).toEqual([2, "", message]);
  });

  test("an unknown option is a usage error", async () => {
    const { code, stdout, stderr } = await cli("--bogus");
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(/^fnport-conformance: Unknown option '--bogus'.*\nRun fnport-conformance --help for the options\.\n$/s);
  });

  test("a module that fails to import is a usage error naming it", async () => {
    const { code, stderr } = await cli("--harness", "test/modules/throws.mjs");
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^fnport-conformance: --harness test\/modules\/throws.mjs failed to load: Error: this module cannot be imported\n/,
    );
  });

  test("runs every harness of every module: the matrix, and a JSON report; exit 0 when all pass", async () => {
    const json = join(tmpdir(), `fnport-conformance-cli-${process.pid}.json`);
    const { code, stdout } = await cli(
      "--harness",
      "test/modules/good.ts",
      "--harness",
      "test/modules/plain.mjs",
      "--case",
      "messages.some",
      "--case",
      "messages.all-",
      "--json",
      json,
    );
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 11)).toEqual([
      "Conformance: ✓ pass, ✗ fail, · does not apply (the adapter lacks the capability)",
      "  [1] good per-message (test/modules/good.ts): 3 passed, 0 failed, 0 skipped",
      "  [2] good single (test/modules/good.ts): 3 passed, 0 failed, 0 skipped",
      "  [3] plain js (test/modules/plain.mjs): 3 passed, 0 failed, 0 skipped",
      "",
      "case                   1  2  3",
      "messages.all-succeed   ✓  ✓  ✓",
      "messages.some-fail     ✓  ✓  ✓",
      "messages.all-fail      ✓  ✓  ✓",
      "",
      `Wrote ${json}`,
    ]);
    const report = JSON.parse(await readFile(json, "utf8"));
    await rm(json);
    expect(
      report.adapters.map((adapter: { name: string; module: string; cases: unknown[] }) => [adapter.name, adapter.module, adapter.cases]),
    ).toEqual([
      [
        "good per-message",
        "test/modules/good.ts",
        [
          { id: "messages.all-succeed", status: "pass" },
          { id: "messages.some-fail", status: "pass" },
          { id: "messages.all-fail", status: "pass" },
        ],
      ],
      [
        "good single",
        "test/modules/good.ts",
        [
          { id: "messages.all-succeed", status: "pass" },
          { id: "messages.some-fail", status: "pass" },
          { id: "messages.all-fail", status: "pass" },
        ],
      ],
      [
        "plain js",
        "test/modules/plain.mjs",
        [
          { id: "messages.all-succeed", status: "pass" },
          { id: "messages.some-fail", status: "pass" },
          { id: "messages.all-fail", status: "pass" },
        ],
      ],
    ]);
  });

  test("a failing case: exit 1, listed under Failures with the reason", async () => {
    const { code, stdout } = await cli("--harness", "test/modules/wrong.ts", "--only", "acks", "--case", "messages.some-fail");
    expect(code).toBe(1);
    expect(stdout).toContain(
      '  ✗ acks everything messages.some-fail: messages: ["msg-1","msg-3"] reported done, but the handler did not finish them: they must be delivered again',
    );
  });
});
