import { defineHandler, type FnEvent } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { deliver, fixture, lambdaContext } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("EventBridge", () => {
  test("a scheduled rule becomes a schedule named after the rule", async () => {
    const event = fixture("eventbridge-scheduled.json");
    const { events, output } = await deliver(event);
    expect([events, output]).toEqual([
      [{ kind: "schedule", scheduledTime: new Date("2020-09-30T15:58:34.000Z"), name: "demoschedule", raw: event }],
      undefined,
    ]);
  });

  test("an EventBridge Scheduler event is named after the schedule", async () => {
    const event = {
      ...fixture("eventbridge-scheduled.json"),
      source: "aws.scheduler",
      resources: ["arn:aws:scheduler:eu-central-1:123456789012:schedule/default/nightly-report"],
    };
    const { events } = await deliver(event);
    expect(events.map((one) => (one.kind === "schedule" ? one.name : one.kind))).toEqual(["nightly-report"]);
  });

  test("a custom event becomes a CloudEvent: type is detail-type, data is detail", async () => {
    const event = fixture("eventbridge-custom.json");
    const { events, output } = await deliver(event);
    expect([events, output]).toEqual<[FnEvent[], undefined]>([
      [
        {
          kind: "cloudevent",
          id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
          source: "OrderService",
          type: "OrderPurchased",
          subject: "some_additional",
          time: new Date("2020-10-22T18:43:48.000Z"),
          dataContentType: "application/json",
          data: { id: 10876546789, description: "My order", items: [{ id: 1015938732, quantity: 1, description: "item xpto" }] },
          extensions: { account: "111122223333", region: "us-west-1" },
          raw: event,
        },
      ],
      undefined,
    ]);
  });

  test("an AWS service event becomes a CloudEvent whose subject is the resource", async () => {
    const event = fixture("eventbridge-aws-service.json");
    const { events } = await deliver(event);
    expect(events).toEqual<FnEvent[]>([
      {
        kind: "cloudevent",
        id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        source: "aws.ec2",
        type: "EC2 Instance State-change Notification",
        subject: "arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0",
        time: new Date("2017-12-22T18:43:48.000Z"),
        dataContentType: "application/json",
        data: { instance_id: "i-1234567890abcdef0", state: "terminated" },
        extensions: { account: "111122223333", region: "us-west-1" },
        raw: event,
      },
    ]);
  });

  test("an event without resources has no subject", async () => {
    const { events } = await deliver({ ...fixture("eventbridge-custom.json"), resources: [] });
    expect(events[0]).toMatchObject({ kind: "cloudevent", subject: undefined });
  });

  test("a handler throw fails the invocation with that error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new Error("boom");
    const handler = lambda(
      defineHandler(() => {
        throw boom;
      }),
    );
    await expect(handler(fixture("eventbridge-scheduled.json"), lambdaContext())).rejects.toBe(boom);
  });
});
