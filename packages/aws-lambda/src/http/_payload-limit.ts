import type { EncodedHttpResponse } from "@fnport/core/adapter";

/** Lambda's limit on a synchronous invocation's response payload: 6 MB (6,291,456 bytes, Lambda quotas). */
export const LAMBDA_RESPONSE_LIMIT: number = 6 * 1024 * 1024;
/** ALB's limit on the response JSON a Lambda target sends: 1 MB (Elastic Load Balancing, "Lambda functions as targets"). */
export const ALB_RESPONSE_LIMIT: number = 1024 * 1024;
// Room left for the status and headers before the body is measured: a body below the limit less this
// cannot push the payload over (API Gateway and ALB refuse far smaller header sections anyway).
const HEADER_ALLOWANCE = 64 * 1024;
const utf8 = new TextEncoder();

/**
 * Wraps an integration's encoder with the response size the integration accepts: over it, AWS would answer
 * the client with a bare 502; instead the encoder throws, and the runner logs the reason and answers 500.
 */
export function withPayloadLimit<Native extends { body: string }>(
  encode: (response: EncodedHttpResponse) => Native,
  limit: number,
  what: string,
): (response: EncodedHttpResponse) => Native {
  // JSON writes a character of the body as at most 6 bytes (`\u001f`): only a body that long is measured.
  const measureFrom = Math.floor((limit - HEADER_ALLOWANCE) / 6);
  return (response) => {
    const native = encode(response);
    if (native.body.length < measureFrom) return native;
    const size = utf8.encode(JSON.stringify(native)).byteLength;
    if (size > limit) {
      throw new RangeError(
        `The response is ${size} bytes of Lambda response JSON, over the ${limit}-byte limit of ${what}: send less, or a link to the content`,
      );
    }
    return native;
  };
}
