// The content types the result helpers set: known valid header values, and text, so the hot path skips the patterns.
export const JSON_TYPE = "application/json; charset=utf-8";
export const TEXT_TYPE = "text/plain; charset=utf-8";
export const HTML_TYPE = "text/html; charset=utf-8";

/** True for a content type set by `json()`, `text()` or `html()` (or spelled exactly the same). */
export function isHelperContentType(value: string): boolean {
  return value === JSON_TYPE || value === TEXT_TYPE || value === HTML_TYPE;
}
