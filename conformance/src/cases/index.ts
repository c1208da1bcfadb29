import { awsEventCases } from "./aws-events.ts";
import { awsHttpCases } from "./aws-http.ts";
import { awsMessagesCases } from "./aws-messages.ts";
import { awsResponseCases } from "./aws-responses.ts";
import { cloudflareCases } from "./cloudflare.ts";
import { contextCases } from "./context.ts";
import { deployTimeoutCases } from "./deploy-timeout.ts";
import { drainTimeoutCases } from "./drain.ts";
import { eventCases } from "./events.ts";
import { gcpCases, gcpDeliveryCases, gcpEventEdgeCases } from "./gcp.ts";
import { gcpBackgroundCases } from "./gcp-background.ts";
import { gcpDataFormCases } from "./gcp-data-forms.ts";
import { gcpEventPathCases } from "./gcp-event-path.ts";
import { gcpFunctionsCases } from "./gcp-functions.ts";
import { hostileInputCases } from "./hostile-input.ts";
import { hostileLogCases } from "./hostile-logs.ts";
import { httpBodyLimitCases, httpLargeBodyCases } from "./http-bodies.ts";
import { httpFixtureCases } from "./http-fixtures.ts";
import { httpRequestBodyCases } from "./http-request-bodies.ts";
import {
  bodylessCases,
  clientIpCases,
  contentLengthCases,
  drainCases,
  httpResponseCases,
  requestTargetCases,
  responseLimitCases,
} from "./http-responses.ts";
import { httpBodyCases, httpResultCases } from "./http-results.ts";
import { httpStreamingCases } from "./http-streaming.ts";
import { lambdaDeployCases } from "./lambda-deploy.ts";
import { logCases } from "./logs.ts";
import { requestLogCases } from "./logs-requests.ts";
import { malformedCases } from "./malformed.ts";
import { messagesCases } from "./messages.ts";
import type { ConformanceCase } from "./types.ts";
import { pushAgentHttpCases, verifiedDeliveryCases } from "./verified.ts";
import { workersUpgradeCases } from "./workers-upgrade.ts";

/** Every conformance case, in the order the matrix shows them. */
export const allCases: readonly ConformanceCase[] = [
  ...httpFixtureCases,
  ...httpResultCases,
  ...httpResponseCases,
  ...awsResponseCases,
  ...awsHttpCases,
  ...bodylessCases,
  ...contentLengthCases,
  ...drainCases,
  ...drainTimeoutCases,
  ...httpStreamingCases,
  ...httpBodyCases,
  ...httpRequestBodyCases,
  ...httpLargeBodyCases,
  ...httpBodyLimitCases,
  ...clientIpCases,
  ...requestTargetCases,
  ...responseLimitCases,
  ...messagesCases,
  ...awsMessagesCases,
  ...awsEventCases,
  ...cloudflareCases,
  ...workersUpgradeCases,
  ...eventCases,
  ...gcpBackgroundCases,
  ...gcpCases,
  ...gcpDeliveryCases,
  ...gcpEventEdgeCases,
  ...gcpFunctionsCases,
  ...gcpDataFormCases,
  ...pushAgentHttpCases,
  ...verifiedDeliveryCases,
  ...gcpEventPathCases,
  ...contextCases,
  ...deployTimeoutCases,
  ...logCases,
  ...requestLogCases,
  ...malformedCases,
  ...hostileInputCases,
  ...hostileLogCases,
  ...lambdaDeployCases,
];
