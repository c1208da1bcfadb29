// The request every HTTP subject answers and the answer it must give, on every provider.
/** POSTed to `/hello`. */
export const HELLO_BODY = '{"name":"bench"}';
/** The answer every subject gives, as JSON with a `content-type` of `application/json`. */
export const HELLO_ANSWER = { message: "hello, bench" };
