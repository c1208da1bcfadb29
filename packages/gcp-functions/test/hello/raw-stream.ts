// The streamed hello's baseline as a Functions Framework HTTP function: the same two chunks with the same pause, written by hand.
import { STREAMED_HELLO } from "@fnport/conformance/hello";
import { http } from "@google-cloud/functions-framework";

/** Registers the raw streamed hello under `name`. */
export function register(name: string): void {
  http(name, (req, res) => {
    if (req.path !== STREAMED_HELLO.path) {
      res.status(404).end();
      return;
    }
    res.status(STREAMED_HELLO.status).set(STREAMED_HELLO.headers);
    res.write(STREAMED_HELLO.chunks[0]);
    setTimeout(() => res.end(STREAMED_HELLO.chunks[1]), STREAMED_HELLO.pauseMs);
  });
}
