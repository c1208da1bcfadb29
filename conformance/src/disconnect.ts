// A client that goes away mid-response (`http:client-disconnect`): the suite opens the response, reads its
// first piece and closes the connection; a later step asks the app what its handler saw.
import type { CaseInput, HarnessInstance } from "./types.ts";

/** Opens `input` on `instance`, reads the first piece of its body and leaves; returns every way that went wrong. */
export async function leaveMidResponse(instance: HarnessInstance, input: CaseInput, status: number | undefined): Promise<string[]> {
  if (instance.open === undefined) return ["the harness declares http:client-disconnect, but its instance has no open()"];
  const opened = await instance.open(input);
  const problems: string[] = [];
  if (status !== undefined && opened.status !== status) problems.push(`response.status: expected ${status}, got ${opened.status}`);
  try {
    if ((await opened.read()) === undefined) problems.push("the response ended before its first piece: the client had nothing to leave");
  } catch (error) {
    problems.push(`the body failed before the client left: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    opened.close();
  }
  return problems;
}

/** A client that leaves before any answer (`disconnect: "before-answer"`): the problems seen, if any. */
export async function leaveBeforeAnswer(instance: HarnessInstance, input: CaseInput): Promise<string[]> {
  if (instance.leave === undefined) return ["the harness declares http:client-leaves-stream, but its instance has no leave()"];
  await instance.leave(input);
  return [];
}
