import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLargeError } from "@fnport/core";
import { createLogger, errorResponse, startTimer, stopTimer } from "@fnport/core/adapter";
import { DEFAULT_DRAIN_TIMEOUT_MS, listenPort } from "./_options.ts";
import { DRAIN, writeEncoded } from "./_response.ts";
import { type CloudRunApp, type NodeHandlerOptions, nodeHandlers } from "./node-handler.ts";

/** Options of `cloudRun()`: where to listen, how to shut down, and everything `toNodeHandler()` takes. */
export interface CloudRunOptions extends Omit<NodeHandlerOptions, "rawBody"> {
  /** The port (default `$PORT`, else 8080); `0` picks a free one (tests), read it from `server.port`. */
  port?: number | undefined;
  /** The address to listen on (default: every address, IPv6 and IPv4). */
  host?: string | undefined;
  /** How long `close()` waits for in-flight requests before cutting them (default 9 000 ms). */
  drainTimeoutMs?: number | undefined;
  /**
   * On SIGTERM (Cloud Run and Knative stopping the instance) and SIGINT (Ctrl-C): stop accepting, let
   * in-flight requests finish, then exit the process — 0 when all finished, 1 when some had to be cut.
   * Default `true`; `false` leaves signals to you (call `server.close()` yourself).
   */
  handleSignals?: boolean | undefined;
}

/** A running server. */
export interface CloudRunServer {
  /** The port it listens on (the one picked, with `port: 0`). */
  readonly port: number;
  /** The node `http.Server`, for what this API does not cover (timeouts, `upgrade` listeners). */
  readonly server: Server;
  /**
   * Stops accepting connections, lets every in-flight request finish (with its `waitUntil` work and
   * streamed body), closes idle keep-alive connections, and resolves once all are done — or, after
   * `drainTimeoutMs`, cuts what is left and resolves to `false`. Resolves to `true` when nothing was cut.
   */
  close(): Promise<boolean>;
}

const nodeProcess = globalThis.process as NodeJS.Process | undefined;

/**
 * Serves `app` on Cloud Run: `const server = await cloudRun(app)` listens on `$PORT` (8080 by default)
 * and resolves once listening. HTTP requests and Google's event deliveries go through `toNodeHandler()`;
 * SIGTERM drains in-flight requests and exits. The same container contract runs on Knative Serving.
 */
export async function cloudRun<Deps, Env>(app: CloudRunApp<Deps, Env>, options: CloudRunOptions = {}): Promise<CloudRunServer> {
  const { port: portOption, host, drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS, handleSignals = true, ...handlerOptions } = options;
  const port = listenPort(portOption, nodeProcess?.env.PORT);
  const { serve, maxBodyBytes } = nodeHandlers(app, handlerOptions);
  const log = createLogger({ provider: handlerOptions.provider ?? "cloud-run" }, handlerOptions.logLevel ?? "info", handlerOptions.write);
  const drain = { active: false };

  // Nothing per request but a flag: tracking each request (a set, a close listener) cost more than the rest of the server.
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    (response as { [DRAIN]?: { active: boolean } })[DRAIN] = drain;
    void serve(request, response);
  });
  // `Expect: 100-continue` with a body over the limit: refuse before the client sends it.
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    if (Number(request.headers["content-length"]) > maxBodyBytes) {
      response.shouldKeepAlive = false;
      writeEncoded(response, errorResponse(new BodyTooLargeError(maxBodyBytes)), false);
      return;
    }
    response.writeContinue();
    server.emit("request", request, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  let closing: Promise<boolean> | undefined;
  function close(): Promise<boolean> {
    closing ??= new Promise<boolean>((resolve) => {
      drain.active = true;
      // Answers from now on say `Connection: close`; connections that fall idle are closed as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = startTimer(() => {
        log.error("in-flight requests did not finish in time: cutting them", { drainTimeoutMs });
        clearInterval(sweep);
        server.closeAllConnections();
        resolve(false);
      }, drainTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        stopTimer(timer);
        resolve(true);
      });
      if (handleSignals) for (const signal of SIGNALS) nodeProcess?.off(signal, onSignal);
    });
    return closing;
  }

  function onSignal(signal: NodeJS.Signals): void {
    const closed = close(); // stops accepting at once; the line below says it already has
    server.getConnections((_error, connections) => log.info(`${signal}: draining in-flight requests`, { connections }));
    void closed.then((clean) => nodeProcess?.exit(clean ? 0 : 1));
  }
  if (handleSignals) for (const signal of SIGNALS) nodeProcess?.on(signal, onSignal);

  log.info(`listening on port ${address.port}`, { port: address.port });
  return { port: address.port, server, close };
}

const SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
