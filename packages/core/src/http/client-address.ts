/** Options of `forwardedClientAddress`. */
export interface ForwardedClientAddressOptions {
  /**
   * How many proxies in front of the function you trust, each appending to `x-forwarded-for` (default 1:
   * the provider's own front end, e.g. ALB, Cloud Run, Azure App Service).
   */
  trustedProxies?: number | undefined;
}

/** One entry without the port some proxies add (`203.0.113.7:51234`, `[2001:db8::1]:443`). */
function withoutPort(entry: string): string {
  if (entry.startsWith("[")) {
    const close = entry.indexOf("]");
    return close === -1 ? entry : entry.slice(1, close);
  }
  const colon = entry.indexOf(":");
  // One colon: IPv4 with a port; more: a bare IPv6 address.
  return colon !== -1 && colon === entry.lastIndexOf(":") ? entry.slice(0, colon) : entry;
}

/**
 * The client address from an `x-forwarded-for` header, by this trust rule: each proxy appends the
 * address it received the request from, so the entry appended by the outermost proxy you trust — the
 * `trustedProxies`-th from the right — is the client; entries to its left were sent by the client (or
 * an untrusted hop) and may be forged, so they are never used. Undefined when the header is missing or
 * has fewer entries than trusted proxies. Ports are dropped, IPv6 brackets removed.
 */
export function forwardedClientAddress(header: string | undefined, options: ForwardedClientAddressOptions = {}): string | undefined {
  const trusted = options.trustedProxies ?? 1;
  if (!Number.isInteger(trusted) || trusted < 1) {
    throw new RangeError(`forwardedClientAddress(): trustedProxies must be a whole number from 1, got ${trusted}`);
  }
  if (header === undefined) return undefined;
  const entries = header.split(",");
  let seen = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = (entries[i] as string).trim();
    if (entry === "") continue;
    if (++seen === trusted) return withoutPort(entry);
  }
  return undefined;
}
