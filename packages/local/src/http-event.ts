import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

/** An API Gateway HTTP API (payload 2.0) event, as the real service builds it. */
export interface HttpEventInput {
  method: string;
  /** e.g. `/v1/mocdoc/{connectionId}/locations` */
  routePath: string;
  rawPath: string;
  query?: URLSearchParams;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  claims?: Record<string, unknown>;
  sourceIp?: string;
  protocol?: string;
}

const TEXTUAL = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml)|text\/)/;

export function buildHttpEvent(input: HttpEventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers = input.headers ?? {};
  const query: Record<string, string> = {};
  for (const [k, v] of input.query ?? []) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const body = input.body ?? Buffer.alloc(0);
  const textual = TEXTUAL.test(headers["content-type"] ?? "application/json");
  const routeKey = `${input.method} ${input.routePath}`;
  const now = new Date();
  const event = {
    version: "2.0",
    routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.query?.toString() ?? "",
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: input.pathParameters && Object.keys(input.pathParameters).length ? input.pathParameters : undefined,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: { method: input.method, path: input.rawPath, protocol: input.protocol ?? "HTTP/1.1", sourceIp: input.sourceIp ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: input.claims ? { principalId: "", integrationLatency: 0, jwt: { claims: input.claims, scopes: null } } : undefined,
    },
    body: body.length ? (textual ? body.toString("utf8") : body.toString("base64")) : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
