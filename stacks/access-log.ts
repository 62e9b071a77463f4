/**
 * The HTTP API's access log line. Explicit, because what is not listed is not logged: no request
 * or response body, no headers (so no Authorization), and the route key instead of the raw path,
 * whose segments can be patient or appointment ids. Values are quoted because API Gateway writes
 * `-` for missing ones, which would not be valid JSON as a bare number. When the caller sends no
 * x-correlation-id, the functions use this requestId as the correlation id in their own logs.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
});
