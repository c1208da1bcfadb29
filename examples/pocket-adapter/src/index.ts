export type { PocketCookie, PocketFunction, PocketQueueDelivery, PocketRequest, PocketResponse, PocketTimer } from "./native.ts";
export { type PocketOptions, pocket } from "./pocket.ts";
