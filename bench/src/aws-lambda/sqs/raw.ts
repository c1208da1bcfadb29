// The baseline: partial batch failure written by hand (ReportBatchItemFailures).
import { work } from "./_work.ts";

type SqsEvent = { Records: { messageId: string; body: string }[] };

export const handler = async (event: SqsEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        work(JSON.parse(record.body));
      } catch {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures };
};
