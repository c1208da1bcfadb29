// A REST API of 50 routes, and requests spread over it, that every router subject must route alike.

/** One route: a method and a pattern with `:params` (the syntax Hono, express and fnport share). */
export interface Route {
  method: string;
  pattern: string;
}

const resources = ["users", "teams", "projects", "issues", "comments", "orders", "invoices", "products", "carts", "webhooks"];

/** 10 resources × (list, create, read, update, delete) = 50 routes. */
export const ROUTES: readonly Route[] = resources.flatMap((r) => [
  { method: "GET", pattern: `/api/v1/${r}` },
  { method: "POST", pattern: `/api/v1/${r}` },
  { method: "GET", pattern: `/api/v1/${r}/:id` },
  { method: "PATCH", pattern: `/api/v1/${r}/:id` },
  { method: "DELETE", pattern: `/api/v1/${r}/:id` },
]);

/** What a router must find: the index of the route in `ROUTES` and its params, or nothing (404). */
export interface RoutingCase {
  method: string;
  path: string;
  route: number | undefined;
  params: Record<string, string>;
}

/** Ten requests: first, middle and last routes, params, an unknown path. */
export const CASES: readonly RoutingCase[] = [
  { method: "GET", path: "/api/v1/users", route: 0, params: {} },
  { method: "GET", path: "/api/v1/users/42", route: 2, params: { id: "42" } },
  { method: "POST", path: "/api/v1/projects", route: 11, params: {} },
  { method: "PATCH", path: "/api/v1/issues/abc-123", route: 18, params: { id: "abc-123" } },
  { method: "GET", path: "/api/v1/comments/7", route: 22, params: { id: "7" } },
  { method: "DELETE", path: "/api/v1/orders/99", route: 29, params: { id: "99" } },
  { method: "GET", path: "/api/v1/products/sku-1", route: 37, params: { id: "sku-1" } },
  { method: "POST", path: "/api/v1/carts", route: 41, params: {} },
  { method: "DELETE", path: "/api/v1/webhooks/w1", route: 49, params: { id: "w1" } },
  { method: "GET", path: "/api/v1/nothing-here/1", route: undefined, params: {} },
];

/** A router subject's module exports this as its default: build once, then match many times. */
export type CreateMatcher = (
  routes: readonly Route[],
) => (method: string, path: string) => { route: number; params: Record<string, string> } | undefined;
