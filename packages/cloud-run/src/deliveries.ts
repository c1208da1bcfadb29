// Which requests are event deliveries, and the portable event each one carries. One place decides,
// so a check of who sent a delivery (OIDC verification) can stand in front of it.
import type { FnEvent } from "@fnport/core";
import { cloudEventMode, parseCloudEvent } from "@fnport/core/adapter";
import { fromGoogleCloudEvent } from "./google/events.ts";
import { parsePubSubPush } from "./google/pubsub.ts";
import { cloudSchedulerEvent } from "./google/scheduler.ts";
import { cloudTasksMessagesEvent } from "./google/tasks.ts";

/** What a request is, by its method and headers alone: plain HTTP, or a delivery from one of Google's event senders. */
export type DeliveryKind = "http" | "cloudevent" | "pubsub-push" | "cloud-tasks" | "cloud-scheduler";

/**
 * Classifies a request from its headers: a CloudEvent (a `ce-specversion` header or an
 * `application/cloudevents+json` body: Eventarc, Knative brokers), a Cloud Tasks task
 * (`X-CloudTasks-TaskName`), a Cloud Scheduler job (`X-CloudScheduler-*`, `User-Agent:
 * Google-Cloud-Scheduler`), a Pub/Sub push (`x-goog-pubsub-message-id`, or a POST from `APIs-Google`,
 * the agent Pub/Sub pushes with) or plain HTTP. Nothing here proves who sent the request.
 */
export function deliveryKind(method: string, headers: Readonly<Record<string, string | undefined>>): DeliveryKind {
  if (cloudEventMode(headers) !== undefined) return "cloudevent";
  if (headers["x-cloudtasks-taskname"] !== undefined) return "cloud-tasks";
  const agent = headers["user-agent"];
  if (
    headers["x-cloudscheduler-jobname"] !== undefined ||
    headers["x-cloudscheduler"] === "true" ||
    agent?.startsWith("Google-Cloud-Scheduler")
  ) {
    return "cloud-scheduler";
  }
  if (headers["x-goog-pubsub-message-id"] !== undefined || (method === "POST" && agent?.startsWith("APIs-Google") === true)) {
    return "pubsub-push";
  }
  return "http";
}

/**
 * The portable event a delivery carries (read from its headers and whole body), or `undefined` when
 * it turns out to be plain HTTP (a POST from `APIs-Google` that is not a Pub/Sub envelope). Malformed
 * deliveries throw an `HttpError` (400, or 415 for what is not supported) naming the problem.
 */
export function deliveryEvent(
  kind: Exclude<DeliveryKind, "http">,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
): FnEvent | undefined {
  switch (kind) {
    case "cloudevent":
      return fromGoogleCloudEvent(parseCloudEvent({ headers, body }));
    case "cloud-tasks":
      return cloudTasksMessagesEvent(headers, body);
    case "cloud-scheduler":
      return cloudSchedulerEvent(headers, body);
    case "pubsub-push":
      return parsePubSubPush(headers, body);
  }
}
