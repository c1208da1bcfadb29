import type { CloudEventEvent, ScheduleEvent } from "@fnport/core";
import { emptyRecord, type InvocationInit, type Runner } from "@fnport/core/adapter";
import type { EventProcessor } from "./_processor.ts";
import type { EventBridgeEvent } from "./native-types.ts";

/** True for an EventBridge scheduled rule or EventBridge Scheduler event. */
function isScheduled(event: EventBridgeEvent): boolean {
  return event["detail-type"] === "Scheduled Event" && (event.source === "aws.events" || event.source === "aws.scheduler");
}

/** The portable event: `schedule` for a scheduled rule (named after the rule), a `cloudevent` for anything else. */
export function parseEventBridge(event: EventBridgeEvent): ScheduleEvent | CloudEventEvent {
  const subject = event.resources?.[0];
  if (isScheduled(event)) {
    // The rule ARN is `arn:aws:events:<region>:<account>:rule/[<bus>/]<name>`; Scheduler's ends in `schedule/<group>/<name>`.
    const name = subject === undefined ? undefined : subject.slice(subject.lastIndexOf("/") + 1);
    return { kind: "schedule", scheduledTime: new Date(event.time ?? Date.now()), name, raw: event };
  }
  const extensions = emptyRecord<unknown>();
  if (event.account !== undefined) extensions.account = event.account;
  if (event.region !== undefined) extensions.region = event.region;
  return {
    kind: "cloudevent",
    id: event.id,
    source: event.source,
    type: event["detail-type"],
    subject,
    time: event.time === undefined ? undefined : new Date(event.time),
    dataContentType: "application/json",
    data: event.detail,
    extensions,
    raw: event,
  };
}

const nothing = (): undefined => undefined;

function runEventBridge(runner: Runner, event: EventBridgeEvent, init: InvocationInit): Promise<undefined> {
  return runner.event(parseEventBridge(event), init).then(nothing);
}

/** EventBridge (CloudWatch Events) events, delivered by a rule or by EventBridge Scheduler. */
export const eventBridgeProcessor: EventProcessor = {
  accepts: (event) => typeof event["detail-type"] === "string" && typeof event.source === "string" && typeof event.id === "string",
  run: runEventBridge,
};
