// What Workers does with a handler's own Response beyond the other providers: a 101 carrying the client end
// of a WebSocketPair upgrades the connection (an adapter that rebuilt or re-encoded the Response would lose it).
import { WEBSOCKET_CLOSE, websocketMessages } from "../app-upgrade.ts";
import type { ConformanceCase } from "./types.ts";

// RFC 6455's sample nonce and the Sec-WebSocket-Accept value it gives (section 1.3).
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

export const workersUpgradeCases: ConformanceCase[] = [
  {
    id: "http.response.websocket-upgrade",
    title: "a handler's own 101 Response with a WebSocket upgrades the connection: the client gets the server end's messages and close",
    needs: ["http", "workers:websocket"],
    steps: [
      {
        input: {
          kind: "http",
          request: {
            method: "GET",
            path: "/socket",
            headers: {
              host: "example.test",
              connection: "Upgrade",
              upgrade: "websocket",
              "sec-websocket-key": KEY,
              "sec-websocket-version": "13",
            },
          },
        },
        behaviour: "websocket-upgrade",
        expect: {
          response: {
            status: 101,
            headers: { upgrade: "websocket", "sec-websocket-accept": ACCEPT },
            bodyJson: { messages: websocketMessages("/socket"), close: WEBSOCKET_CLOSE },
          },
        },
      },
    ],
  },
];
