import { fixtureJson } from "./_fixtures.ts";
import type { ConformanceCase } from "./types.ts";

const s3Put = fixtureJson<{ Records: Array<{ s3: { object: Record<string, unknown> } }> }>("aws/s3-put.json");
/** The storage event of aws/s3-put.json, its key decoded to `key`. */
const s3PutCreated = (key: string) => ({
  kind: "storage",
  action: "created",
  bucket: "sourcebucket",
  key,
  size: 1024,
  etag: "d41d8cd98f00b204e9800998ecf8427e",
  time: "1970-01-01T00:00:00.123Z",
});

/** The fixture's `s3` object without one field of its `object`. */
function s3PutWithout(field: string): unknown {
  const s3 = s3Put.Records[0]?.s3;
  const object = { ...s3?.object };
  delete object[field];
  return { ...s3, object };
}

/** Storage notifications, timers and other events, from real AWS fixtures and neutral inputs. */
export const eventCases: ConformanceCase[] = [
  {
    id: "storage.fixture.s3-put",
    title: "an S3 put becomes storage/created with the key decoded",
    needs: ["storage", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-put.json" },
        expect: {
          outcome: { ok: true },
          event: s3PutCreated("Happy Face.jpg"),
        },
      },
    ],
  },
  {
    id: "storage.fixture.s3-delete",
    title: "an S3 delete becomes storage/deleted",
    needs: ["storage", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-delete.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "storage",
            action: "deleted",
            bucket: "lambda-artifacts-deafc19498e3f2df",
            key: "b21b84d653bb07b05b1e6b33684dc11b",
            size: { $absent: true },
            time: "2019-09-03T19:37:27.192Z",
          },
        },
      },
    ],
  },
  {
    id: "storage.fixture.s3-key-encoding",
    title: "an S3 key is form-encoded: + is a space, %2B a plus (decoded in that order)",
    needs: ["storage", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-put.json", patch: { "/Records/0/s3/object/key": "a%2Bb+c%20d%25.jpg" } },
        expect: {
          outcome: { ok: true },
          event: s3PutCreated("a+b c d%.jpg"),
        },
      },
    ],
  },
  {
    id: "storage.fixture.s3-lifecycle-expiration",
    title: "an S3 lifecycle expiration is storage/deleted",
    needs: ["storage", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-delete.json", patch: { "/Records/0/eventName": "LifecycleExpiration:Delete" } },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "storage",
            action: "deleted",
            bucket: "lambda-artifacts-deafc19498e3f2df",
            key: "b21b84d653bb07b05b1e6b33684dc11b",
            time: "2019-09-03T19:37:27.192Z",
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.s3-other",
    title: "any other S3 notification (a restore) is a cloudevent of that type, about the object",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-put.json", patch: { "/Records/0/eventName": "ObjectRestore:Completed" } },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "Happy Sequencer",
            source: "aws.s3",
            type: "ObjectRestore:Completed",
            subject: "Happy Face.jpg",
            time: "1970-01-01T00:00:00.123Z",
            dataContentType: "application/json",
            data: s3Put.Records[0]?.s3,
            extensions: { bucket: "sourcebucket", region: "us-east-1" },
          },
        },
      },
    ],
  },
  {
    id: "storage.fixture.s3-key-malformed-escape",
    title: "an S3 key whose percent sign starts no escape is kept as sent (with + still a space)",
    needs: ["storage", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/s3-put.json", patch: { "/Records/0/s3/object/key": "100%+off.jpg" } },
        expect: {
          outcome: { ok: true },
          event: s3PutCreated("100% off.jpg"),
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.s3-other-minimal",
    title: "an S3 notification without a sequencer or a region (a hand-made test event): its id is bucket/key@time",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/s3-put.json",
          patch: {
            "/Records/0/eventName": "ObjectRestore:Completed",
            "/Records/0/awsRegion": undefined,
            "/Records/0/s3/object/sequencer": undefined,
          },
        },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "sourcebucket/Happy%20Face.jpg@1970-01-01T00:00:00.123Z",
            source: "aws.s3",
            type: "ObjectRestore:Completed",
            subject: "Happy Face.jpg",
            time: "1970-01-01T00:00:00.123Z",
            dataContentType: "application/json",
            data: s3PutWithout("sequencer"),
            extensions: { bucket: "sourcebucket" },
          },
        },
      },
    ],
  },
  {
    id: "schedule.neutral",
    title: "a timer fires with its scheduled time",
    needs: ["schedule"],
    steps: [
      {
        input: { kind: "schedule", scheduledTime: "2026-03-04T05:06:07.000Z", cron: "*/5 * * * *", name: "every-five-minutes" },
        expect: { outcome: { ok: true } },
      },
    ],
  },
  {
    id: "schedule.fixture.eventbridge",
    title: "an EventBridge scheduled rule becomes a schedule named after the rule",
    needs: ["schedule", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-scheduled.json" },
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: "2020-09-30T15:58:34.000Z", name: "demoschedule" } },
      },
    ],
  },
  {
    id: "schedule.fixture.eventbridge-scheduler",
    title: "an EventBridge Scheduler event becomes a schedule named after the schedule (the ARN's last part)",
    needs: ["schedule", "native:aws-lambda"],
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/eventbridge-scheduled.json",
          patch: {
            source: "aws.scheduler",
            resources: ["arn:aws:scheduler:eu-central-1:123456789012:schedule/default/nightly-report"],
          },
        },
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: "2020-09-30T15:58:34.000Z", name: "nightly-report" } },
      },
    ],
  },
  {
    id: "schedule.fixture.eventbridge-unnamed",
    title: "a scheduled EventBridge event without resources (a hand-made test event) is a schedule without a name",
    needs: ["schedule", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-scheduled.json", patch: { resources: undefined } },
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: "2020-09-30T15:58:34.000Z" } },
      },
    ],
  },
  {
    id: "cloudevent.fixture.eventbridge-scheduled-lookalike",
    title: 'a custom event that calls itself a "Scheduled Event" is not a schedule: only aws.events and aws.scheduler send those',
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-scheduled.json", patch: { source: "my.app" } },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "fae0433b-7a0e-e383-7849-7e10153eaa47",
            source: "my.app",
            type: "Scheduled Event",
            subject: "arn:aws:events:eu-central-1:123456789012:rule/demoschedule",
            time: "2020-09-30T15:58:34.000Z",
            dataContentType: "application/json",
            data: {},
            extensions: { account: "123456789012", region: "eu-central-1" },
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.eventbridge-minimal",
    title: "an EventBridge event with only detail-type, source, id and detail (a hand-made test event): no subject, time or extensions",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: {
          kind: "native",
          event: { "detail-type": "OrderPurchased", source: "OrderService", id: "order-1", detail: { n: 1 } },
        },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "order-1",
            source: "OrderService",
            type: "OrderPurchased",
            dataContentType: "application/json",
            data: { n: 1 },
            extensions: {},
          },
        },
      },
      {
        input: { kind: "native", event: { "detail-type": "OrderPurchased", source: "OrderService", detail: { n: 1 } } },
        expect: {
          events: [],
          outcome: {
            ok: false,
            error: {
              $contains: ["detail-type, source, detail"],
              because: "each adapter words its refusal its own way; it names what it saw",
            },
          },
          native: {
            "aws-lambda:event": {
              error: "Error: Unrecognised Lambda event: no processor matches an event with keys [detail-type, source, detail]",
            },
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.eventbridge-custom",
    title: "a custom EventBridge event becomes a CloudEvent",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-custom.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            source: "OrderService",
            type: "OrderPurchased",
            // The first resource names what the event is about.
            subject: "some_additional",
            time: "2020-10-22T18:43:48.000Z",
            dataContentType: "application/json",
            data: { id: 10876546789, description: "My order", items: [{ id: 1015938732, quantity: 1, description: "item xpto" }] },
            extensions: { account: "111122223333", region: "us-west-1" },
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.eventbridge-aws-service",
    title: "an AWS service event becomes a CloudEvent",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-aws-service.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            source: "aws.ec2",
            type: "EC2 Instance State-change Notification",
            subject: "arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0",
            time: "2017-12-22T18:43:48.000Z",
            dataContentType: "application/json",
            data: { instance_id: "i-1234567890abcdef0", state: "terminated" },
            extensions: { account: "111122223333", region: "us-west-1" },
          },
        },
      },
    ],
  },
];
