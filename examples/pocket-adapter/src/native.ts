// The native API of Pocket Functions, a made-up provider: what it hands a function and what it takes back.

/** An HTTP request as Pocket's front proxy forwards it (it appends the client's address to x-forwarded-for). */
export interface PocketRequest {
  id: string;
  method: string;
  /** The request target as received: path and query, percent-encoding kept. */
  target: string;
  /** Header lines in order, names as sent. */
  headers: Array<[string, string]>;
  body: Uint8Array | null;
  /** Epoch ms when Pocket stops the invocation. */
  deadline: number;
}

/** A cookie for Pocket to send: Pocket writes the `Set-Cookie` line itself. */
export interface PocketCookie {
  name: string;
  value: string;
  domain?: string | undefined;
  path?: string | undefined;
  /** An HTTP date. */
  expires?: string | undefined;
  maxAge?: number | undefined;
  secure?: boolean | undefined;
  httpOnly?: boolean | undefined;
  sameSite?: "strict" | "lax" | "none" | undefined;
}

export interface PocketResponse {
  status: number;
  headers: Record<string, string>;
  cookies: PocketCookie[];
  body: Uint8Array | null;
}

/** One queue message per delivery: the function answers "ack" (done) or "retry" (deliver it again). */
export interface PocketQueueDelivery {
  id: string;
  queue: string;
  message: { id: string; body: string; attributes: Record<string, string>; deliveryCount: number; enqueuedAt: string };
  deadline: number;
}

/** A timer firing; a rejection makes Pocket run it again. */
export interface PocketTimer {
  id: string;
  name: string;
  cron: string;
  /** ISO 8601. */
  scheduledAt: string;
  deadline: number;
}

/** What a Pocket function exports. */
export interface PocketFunction {
  http(request: PocketRequest): Promise<PocketResponse>;
  queue(delivery: PocketQueueDelivery): Promise<"ack" | "retry">;
  timer(timer: PocketTimer): Promise<void>;
}
