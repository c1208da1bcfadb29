import { describe, expect, test } from "vitest";
import { checkTemplate } from "./cloudformation.ts";

const header = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\n';

describe("checkTemplate (AWS's resource specification)", () => {
  test("a sound SAM template has no problems: functions, events, a queue mapping, intrinsics, outputs", () => {
    const template = `${header}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lambda.handler
      Runtime: nodejs20.x
      CodeUri: .
      Timeout: 10
      Environment: { Variables: { TABLE: !Ref Table } }
      Events:
        Http: { Type: HttpApi }
        Nightly: { Type: Schedule, Properties: { Schedule: cron(0 3 * * ? *) } }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queue.Arn
      FunctionName: !Ref Fn
      FunctionResponseTypes: [ReportBatchItemFailures]
  Queue:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
Outputs:
  Url: { Value: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/\${Fn.Arn}" }
`;
    expect(checkTemplate(template)).toEqual([]);
  });

  test("names each problem: unknown type, property, event type; wrong value types; missing required; dangling references", () => {
    const template = `${header}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lambda.handler
      Runtime: nodejs20.x
      Timeout: ten
      MemorySise: 512
      Events:
        Queue: { Type: Sqs, Properties: { Queue: !GetAtt Queue.Arn } }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queue.Url
      FunctionResponseTypes: ReportBatchItemFailures
  Queue:
    Type: AWS::SQS::Queue
    Properties: { VisibilityTimeout: 60, RedrivePolicy: !GetAtt Missing.Arn }
  Bucket:
    Type: AWS::S3::Bukket
  Table:
    Type: AWS::DynamoDB::Table
    DependsOn: Tabel
Outputs:
  Name: { Value: !Ref Nothing }
Output: {}
`;
    expect(checkTemplate(template)).toEqual([
      "Output: not a template section",
      'Resources.Fn.Properties.Timeout: expected a number, got "ten"',
      "Resources.Fn.Properties.MemorySise: Function has no property MemorySise",
      'Resources.Fn.Properties.Events.Queue.Type: SAM has no event type "Sqs"',
      "Resources.Mapping.Properties: EventSourceMapping needs FunctionName",
      "Resources.Mapping.Properties.EventSourceArn: GetAtt Queue.Url: AWS::SQS::Queue has no attribute Url",
      'Resources.Mapping.Properties.FunctionResponseTypes: expected a list, got "ReportBatchItemFailures"',
      "Resources.Queue.Properties.RedrivePolicy: GetAtt Missing.Arn: no resource Missing",
      'Resources.Bucket.Type: no resource type "AWS::S3::Bukket" in AWS\'s specification',
      "Resources.Table.Properties: Table needs KeySchema",
      "Resources.Table.DependsOn: no resource Tabel",
      'Outputs.Name.Value: Ref to "Nothing", which is no resource, parameter or pseudo parameter',
    ]);
  });
});
