import { Agent } from "node:http";

/**
 * Runs one meter round on a keep-alive connection of its own: `open` sends a first request on `agent` (one
 * socket, kept alive), which opens the connection and is not part of the round; `round` then sends its requests
 * on that connection; the connection is closed when the round ends. A connection kept between rounds idles
 * while the other hello's round runs, and a server closes an idle connection (Node's after its
 * `keepAliveTimeout` plus 1 s, 6 s by default; Node 20's client ignores the `Keep-Alive: timeout=5` hint unless
 * its agent has a `timeout`): a request written just before that close was reset (`read ECONNRESET`), and one
 * written after it went out on a new connection inside the round. A connection of the round's own never idles.
 */
export async function onFreshConnection<T>(open: (agent: Agent) => Promise<unknown>, round: (agent: Agent) => Promise<T>): Promise<T> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await open(agent);
    return await round(agent);
  } finally {
    agent.destroy();
  }
}
