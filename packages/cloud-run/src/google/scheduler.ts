// Cloud Scheduler HTTP-target jobs: `User-Agent: Google-Cloud-Scheduler` and `X-CloudScheduler-*` headers.
import { InvalidBodyError, type ScheduleEvent } from "@fnport/core";
import type { GoogleHttpDelivery } from "./tasks.ts";

/**
 * The `schedule` event of a Cloud Scheduler request: `name` is `X-CloudScheduler-JobName`,
 * `scheduledTime` is `X-CloudScheduler-ScheduleTime` (sent for unix-cron schedules; without it, the
 * time the request arrived). The job's body, if it has one, is in `raw.body`.
 */
export function cloudSchedulerEvent(
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  now: () => Date = () => new Date(),
): ScheduleEvent {
  const time = headers["x-cloudscheduler-scheduletime"];
  let scheduledTime: Date;
  if (time === undefined) scheduledTime = now();
  else {
    scheduledTime = new Date(time);
    if (Number.isNaN(scheduledTime.getTime()))
      throw new InvalidBodyError(`X-CloudScheduler-ScheduleTime is not a timestamp: ${JSON.stringify(time)}`);
  }
  const raw: GoogleHttpDelivery = { headers, body };
  return { kind: "schedule", scheduledTime, name: headers["x-cloudscheduler-jobname"], raw };
}
