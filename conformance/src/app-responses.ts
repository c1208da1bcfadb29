// Behaviours of the conformance app that answer what AWS's real response examples mean
// (fixtures/aws/*-response*.json): every adapter must send exactly that, and on Lambda the native
// response must be what AWS's example is, written the way the adapter writes it.
import type { HttpResponseInit } from "@fnport/core";

/** The answers, by behaviour name (`aws:` and the example's file name); the cases in cases/aws-responses.ts hold each one's response. */
export const AWS_RESPONSES: Readonly<Record<string, HttpResponseInit>> = {
  "aws:function-url-response": {
    status: 201,
    headers: { "Content-Type": "application/json", "My-Custom-Header": "Custom Value" },
    cookies: ["Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT", "Cookie_2=Value2; Max-Age=78000"],
    body: '{ "message": "Hello, world!" }',
  },
  // Its multiValueHeaders are not part of payload 2.0: HTTP APIs ignore them.
  "aws:apigw-v2-http-api-response": {
    status: 200,
    headers: { "Content-Type": "application/json" },
    cookies: ["session=abc123; Secure; HttpOnly"],
    body: '{"message":"OK"}',
  },
  "aws:apigw-v1-rest-proxy-response-set-cookie": {
    status: 200,
    headers: { "Content-Type": "application/json", "X-Custom-Header": "custom-value" },
    cookies: ["cookie1=value1", "cookie2=value2"],
    body: '{"message":"Hello from Lambda"}',
  },
  // An echo of the request's headers, both maps alike, no content type.
  "aws:apigw-v1-rest-proxy-response": {
    status: 200,
    headers: {
      Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8",
      "Accept-Encoding": "gzip, deflate, lzma, sdch, br",
      "Accept-Language": "en-US,en;q=0.8",
      "CloudFront-Forwarded-Proto": "https",
      "CloudFront-Is-Desktop-Viewer": "true",
      "CloudFront-Is-Mobile-Viewer": "false",
      "CloudFront-Is-SmartTV-Viewer": "false",
      "CloudFront-Is-Tablet-Viewer": "false",
      "CloudFront-Viewer-Country": "US",
      Host: "wt6mne2s9k.execute-api.us-west-2.amazonaws.com",
      "Upgrade-Insecure-Requests": "1",
      "User-Agent":
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.82 Safari/537.36 OPR/39.0.2256.48",
      Via: "1.1 fb7cca60f0ecd82ce07790c9c5eef16c.cloudfront.net (CloudFront)",
      "X-Amz-Cf-Id": "nBsWBOrSHMgnaROZJK1wGCZ9PcRcSpq_oSXZNQwQ10OTZL4cimZo3g==",
      "X-Forwarded-For": "192.168.100.1, 192.168.1.1",
      "X-Forwarded-Port": "443",
      "X-Forwarded-Proto": "https",
    },
    body: "Hello World",
  },
  // As ALB reads it with multi-value headers on (with them off, ALB reads its other map).
  "aws:alb-response": {
    status: 200,
    headers: { "Content-Type": "application/json" },
    cookies: ["cookie-name=cookie-value;Domain=myweb.com;Secure;HttpOnly", "cookie-name=cookie-value;Expires=May 8, 2019"],
    body: "Hello from Lambda",
  },
};
