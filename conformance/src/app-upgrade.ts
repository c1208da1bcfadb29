// The behaviour of the conformance app for `workers:websocket`: a handler's own 101 Response, carrying the
// client end of a WebSocketPair, upgrades the connection (Workers only: other runtimes have no WebSocketPair).
import type { HttpEvent, HttpResult } from "@fnport/core";

/** The server end of a Workers `WebSocketPair`, as far as the behaviour uses it. */
interface ServerSocket {
  accept(): void;
  send(message: string): void;
  close(code: number, reason: string): void;
}

/** The code and reason the server end closes with, after its messages. */
export const WEBSOCKET_CLOSE = { code: 1000, reason: "done" } as const;

/** The text messages the server end sends for a request to `path`, in order. */
export const websocketMessages = (path: string): string[] => [`upgraded ${path}`, "second message, ünïcödé"];

export const upgradeBehaviours: Record<string, (event: HttpEvent) => HttpResult> = {
  // Accepts the server end, sends two messages and closes it, and answers 101 with the client end.
  "websocket-upgrade": (event) => {
    const Pair = (globalThis as { WebSocketPair?: new () => { 0: unknown; 1: ServerSocket } }).WebSocketPair;
    if (Pair === undefined) throw new Error("websocket-upgrade needs the Workers runtime (no WebSocketPair here)");
    const pair = new Pair();
    const server = pair[1];
    server.accept();
    for (const message of websocketMessages(event.path)) server.send(message);
    server.close(WEBSOCKET_CLOSE.code, WEBSOCKET_CLOSE.reason);
    // `webSocket` is Workers' own ResponseInit member.
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  },
};
