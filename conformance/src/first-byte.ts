import { type Agent, request } from "node:http";
import { onFreshConnection } from "./connection.ts";
import { STREAMED_HELLO } from "./hello.ts";

const [FIRST_CHUNK, LAST_CHUNK] = STREAMED_HELLO.chunks;

/**
 * Sends `STREAMED_HELLO` to a server on 127.0.0.1 and resolves to the nanoseconds from sending it to the
 * first body byte; rejects unless the first read is the first chunk alone (a buffered answer arrives whole)
 * and the status and whole body are the streamed hello's. For a meter's `firstByte` on a Node server.
 */
export function timeToFirstByte(port: number, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let elapsed = 0;
    const reads: string[] = [];
    const req = request({ host: "127.0.0.1", port, method: STREAMED_HELLO.method, path: STREAMED_HELLO.path, agent }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (reads.length === 0) elapsed = Number(process.hrtime.bigint() - started);
        reads.push(chunk);
      });
      res.on("end", () =>
        res.statusCode === STREAMED_HELLO.status && reads[0] === FIRST_CHUNK && reads.join("") === FIRST_CHUNK + LAST_CHUNK
          ? resolve(elapsed)
          : reject(
              new Error(
                `the streamed hello answered ${res.statusCode} in reads ${JSON.stringify(reads)}, not ${JSON.stringify(STREAMED_HELLO.chunks)}`,
              ),
            ),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * A meter's `firstByte` round on a Node server: `count` requests of `timeToFirstByte` one after another, on a
 * keep-alive connection of their own (opened by one more, not counted: `onFreshConnection`); the summed ns.
 */
export function timeToFirstByteRound(port: number, count: number): Promise<number> {
  return onFreshConnection(
    (agent) => timeToFirstByte(port, agent),
    async (agent) => {
      let total = 0;
      for (let i = 0; i < count; i++) total += await timeToFirstByte(port, agent);
      return total;
    },
  );
}
