// The work every SQS subject does per message: parse the JSON body; the message with n = 3 fails.
export function work(body: unknown): void {
  if ((body as { n: number }).n === 3) throw new Error("order 3 cannot be processed");
}
