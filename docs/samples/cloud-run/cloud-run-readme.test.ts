// Runs the samples of packages/cloud-run/README.md: the entries as their own node processes on a free port
// (they listen on $PORT and exit 0 on SIGTERM), and the Express one in this process.
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { startEntry } from "../spawn-entry.ts";
import { server } from "./express.ts";

test("cloud-run.ts listens on $PORT, answers, and exits 0 on SIGTERM", { timeout: 60_000 }, async () => {
  const entry = await startEntry(new URL("cloud-run.ts", import.meta.url));
  const response = await fetch(`http://127.0.0.1:${entry.port}/a%20b`);
  expect([response.status, await response.text()]).toEqual([200, '{"path":"/a%20b"}']);
  expect(await entry.stop()).toBe(0);
});

test("verify.ts refuses a push to eventPath without Google's token; other paths stay plain http", { timeout: 60_000 }, async () => {
  const entry = await startEntry(new URL("verify.ts", import.meta.url));
  try {
    const push = await fetch(`http://127.0.0.1:${entry.port}/_events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
      },
      body: JSON.stringify({ message: { data: "aGk=", messageId: "1" }, subscription: "projects/p/subscriptions/s" }),
    });
    expect([push.status, await push.text()]).toEqual([401, '{"error":"Unauthorized"}']);
    const page = await fetch(`http://127.0.0.1:${entry.port}/orders`);
    expect([page.status, await page.text()]).toEqual([200, '{"path":"/orders"}']);
  } finally {
    expect(await entry.stop()).toBe(0);
  }
});

test("behind Express, with express.raw() having read the body", async () => {
  const listening = server.listen(0, "127.0.0.1");
  await new Promise((resolve) => listening.once("listening", resolve));
  try {
    const { port } = listening.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/orders`, { method: "POST", body: "{}" });
    expect([response.status, await response.text()]).toEqual([200, '{"path":"/orders"}']);
  } finally {
    await new Promise((resolve) => listening.close(resolve));
  }
});
