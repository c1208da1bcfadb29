import { contextCases } from "./context.ts";
import { eventCases } from "./events.ts";
import { gcpCases } from "./gcp.ts";
import { gcpBackgroundCases } from "./gcp-background.ts";
import { httpFixtureCases } from "./http-fixtures.ts";
import { clientIpCases, httpResponseCases } from "./http-responses.ts";
// `bodylessCases` (204/304/HEAD) join the list once the Lambda adapter drops those bodies (issue 7, defect 8).
import { httpBodyCases, httpResultCases } from "./http-results.ts";
import { logCases } from "./logs.ts";
import { malformedCases } from "./malformed.ts";
import { messagesCases } from "./messages.ts";
import type { ConformanceCase } from "./types.ts";

/** Every conformance case, in the order the matrix shows them. */
export const allCases: readonly ConformanceCase[] = [
  ...httpFixtureCases,
  ...httpResultCases,
  ...httpResponseCases,
  ...httpBodyCases,
  ...clientIpCases,
  ...messagesCases,
  ...eventCases,
  ...gcpBackgroundCases,
  ...gcpCases,
  ...contextCases,
  ...logCases,
  ...malformedCases,
];
