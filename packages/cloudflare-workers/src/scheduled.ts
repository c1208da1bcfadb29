import type { ScheduleEvent } from "@fnport/core";
import type { ScheduledController } from "./native-types.ts";

/** The portable `schedule` event of a Cron Trigger (`scheduledTime` is epoch ms; a manual trigger may have no cron). */
export function toScheduleEvent(controller: ScheduledController): ScheduleEvent {
  return {
    kind: "schedule",
    scheduledTime: new Date(controller.scheduledTime),
    cron: controller.cron === "" ? undefined : controller.cron,
    raw: controller,
  };
}
