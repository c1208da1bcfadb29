import { InvalidBodyError } from "./errors.ts";

// Node and Bun have Buffer (fast); Workers without nodejs_compat only have atob/btoa.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 strictly (padding optional, no whitespace): anything else is an `InvalidBodyError`. */
export function decodeBase64(input: string): Uint8Array {
  // Padded, the length is a multiple of 4; unpadded, the last group has 2 or 3 characters, never 1.
  const invalid = !BASE64.test(input) || (input.endsWith("=") ? input.length % 4 !== 0 : input.length % 4 === 1);
  if (invalid) throw new InvalidBodyError("Body is not valid base64");
  if (NodeBuffer) {
    const buf = NodeBuffer.from(input, "base64");
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  // atob takes the same input, padded or not (checked above: padding only where the length is a multiple of 4).
  const binary = atob(input);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
