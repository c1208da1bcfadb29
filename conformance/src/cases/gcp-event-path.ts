// A deployment whose deliveries are events on one path only (`deploy-event-path`: the push endpoint's path):
// the same delivery to any other path is plain HTTP.
import { DELIVERED } from "./_delivery-answers.ts";
import type { CaseStep, ConformanceCase } from "./types.ts";

const SCHEDULED = "2026-03-04T05:06:07.000Z";

/** A Cloud Scheduler HTTP-target request to `target` (a path, and maybe a query). */
const scheduler = (target: string): CaseStep["input"] => ({
  kind: "native",
  event: {
    method: "POST",
    path: target,
    headers: {
      "user-agent": "Google-Cloud-Scheduler",
      "x-cloudscheduler": "true",
      "x-cloudscheduler-jobname": "nightly-report",
      "x-cloudscheduler-scheduletime": SCHEDULED,
    },
  },
});

const scheduled: CaseStep["expect"] = {
  outcome: { ok: true },
  event: { kind: "schedule", scheduledTime: SCHEDULED, name: "nightly-report" },
  native: { "cloud-run:delivery": DELIVERED },
};

/** The same request read as plain HTTP (the harness sends Google's deliveries from the loopback, without x-forwarded-for). */
const plainHttp = (path: string): CaseStep["expect"] => ({
  outcome: { ok: true },
  event: {
    kind: "http",
    method: "POST",
    path,
    rawQuery: "",
    query: {},
    queryAll: {},
    headers: {
      host: "conformance.a.run.app",
      "user-agent": "Google-Cloud-Scheduler",
      "x-cloudscheduler": "true",
      "x-cloudscheduler-jobname": "nightly-report",
      "x-cloudscheduler-scheduletime": SCHEDULED,
    },
    cookies: {},
    ip: "127.0.0.1",
    text: "",
    bytesBase64: "",
  },
});

export const gcpEventPathCases: ConformanceCase[] = [
  {
    id: "schedule.gcp-event-path",
    title:
      "deployed with an event path, a Cloud Scheduler request there is a schedule (whatever its query); the same request to another path is plain HTTP",
    needs: ["schedule", "native:gcp-http", "deploy-event-path"],
    deploy: { eventPath: "/events" },
    steps: [
      { input: scheduler("/events"), expect: scheduled },
      { input: scheduler("/events?source=scheduler"), expect: scheduled },
      { input: scheduler("/"), expect: plainHttp("/") },
      { input: scheduler("/events/more"), expect: plainHttp("/events/more") },
    ],
  },
];
