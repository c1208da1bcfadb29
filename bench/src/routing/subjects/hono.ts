// Hono's default router (SmartRouter: RegExpRouter, falling back to TrieRouter), as `new Hono()` builds it.
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import type { CreateMatcher } from "../routes.ts";

const createMatcher: CreateMatcher = (routes) => {
  const router = new SmartRouter<number>({ routers: [new RegExpRouter(), new TrieRouter()] });
  routes.forEach((r, i) => {
    router.add(r.method, r.pattern, i);
  });
  return (method, path) => {
    const [matches, stash] = router.match(method, path);
    const first = matches[0];
    if (!first) return undefined;
    const [route, paramMap] = first as [number, Record<string, number | string>];
    const params: Record<string, string> = {};
    for (const key in paramMap) {
      const value = stash ? (stash[paramMap[key] as number] as string) : (paramMap[key] as string);
      // As Hono's c.req.param() does: decode only when there is something to decode.
      params[key] = value.includes("%") ? decodeURIComponent(value) : value;
    }
    return { route, params };
  };
};

export default createMatcher;
