// Cloud Tasks HTTP-target tasks: one task per request, described by `X-CloudTasks-*` headers.
import { InvalidBodyError, type MessagesEvent } from "@fnport/core";
import { createMessage, emptyRecord } from "@fnport/core/adapter";

/** The `messages` event `source` for Cloud Tasks. */
export const CLOUD_TASKS_SOURCE = "gcp.cloudtasks";
const PREFIX = "x-cloudtasks-";

/** A Cloud Tasks or Cloud Scheduler request in neutral form: the `raw` of its event and message. */
export interface GoogleHttpDelivery {
  /** Lower-case request headers. */
  headers: Readonly<Record<string, string>>;
  /** The request body. */
  body: Uint8Array;
}

/**
 * The `messages` event of a Cloud Tasks request: one message whose id is the task name
 * (`X-CloudTasks-TaskName`), body the request body, `attempt` the retry count plus one
 * (`X-CloudTasks-TaskRetryCount` is 0 on the first attempt), `publishedAt` the task's schedule time
 * (`X-CloudTasks-TaskETA`, seconds since the epoch) and `attributes` every `x-cloudtasks-*` header.
 */
export function cloudTasksMessagesEvent(headers: Readonly<Record<string, string>>, body: Uint8Array): MessagesEvent {
  const id = headers[`${PREFIX}taskname`];
  if (!id) throw new InvalidBodyError("A Cloud Tasks request has no X-CloudTasks-TaskName header");
  const retries = headers[`${PREFIX}taskretrycount`];
  if (retries !== undefined && !/^\d+$/.test(retries)) {
    throw new InvalidBodyError(`X-CloudTasks-TaskRetryCount is not a count: ${JSON.stringify(retries)}`);
  }
  const eta = headers[`${PREFIX}tasketa`];
  let publishedAt: Date | undefined;
  if (eta !== undefined) {
    publishedAt = /^\d+(?:\.\d+)?$/.test(eta) ? new Date(Math.round(Number(eta) * 1000)) : undefined;
    if (publishedAt === undefined) throw new InvalidBodyError(`X-CloudTasks-TaskETA is not a time in seconds: ${JSON.stringify(eta)}`);
  }
  const attributes = emptyRecord<string>();
  for (const name in headers) if (name.startsWith(PREFIX)) attributes[name] = headers[name] as string;
  const raw: GoogleHttpDelivery = { headers, body };
  return {
    kind: "messages",
    source: CLOUD_TASKS_SOURCE,
    ordered: false,
    messages: [createMessage({ id, body, attributes, attempt: retries === undefined ? 1 : Number(retries) + 1, publishedAt, raw })],
    raw,
  };
}
