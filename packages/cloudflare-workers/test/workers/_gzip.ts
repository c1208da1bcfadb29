/** `{"hello":"world"}` gzipped (Node's zlib, level 9): a body that must reach the client as these exact bytes. */
export const GZIPPED_HELLO: Uint8Array = new Uint8Array([
  31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 202, 72, 205, 201, 201, 87, 178, 82, 42, 207, 47, 202, 73, 81, 170, 5, 0, 209, 65, 9, 216, 17,
  0, 0, 0,
]);
