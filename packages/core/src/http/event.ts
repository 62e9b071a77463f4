import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { AnyOperation } from "../catalogue";
import { RequestError } from "../errors";
import { binaryInputOf } from "./binary-body";

/** Reading API Gateway HTTP API (v2) events: claims, correlation id and operation input. */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export function isHttpEvent(event: unknown): event is HttpEvent {
  return typeof event === "object" && event !== null && "requestContext" in event && "rawPath" in event;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's `x-correlation-id` when it is well formed, else API Gateway's request id. */
export function correlationIdOf(event: HttpEvent): string {
  const given = event.headers?.["x-correlation-id"];
  return given && CORRELATION_ID.test(given) ? given : event.requestContext.requestId;
}

/**
 * The tenant from the JWT that API Gateway's authorizer (or the local stack) already verified.
 * A request with no verified claims never gets this far in AWS; refusing it here too keeps a
 * misconfigured route from being open.
 */
export function tenantOf(event: HttpEvent, claimName: string): string {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) throw new RequestError(401, "Unauthorized", "A valid bearer token is required");
  const tenant = claims[claimName];
  if (typeof tenant !== "string" || tenant === "") throw new RequestError(403, "Forbidden", `The token has no ${claimName} claim`);
  return tenant;
}

export function headerOf(event: HttpEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

/**
 * Route parameters, plus: for an operation whose body is one input field (`bodyField`), the query
 * parameters and the JSON body under that field; for one whose body is a file (`binaryBody`), the
 * query parameters and the file (http/binary-body.ts); otherwise query parameters for GET and
 * DELETE routes, the JSON body's fields for the others.
 */
export function inputOf(event: HttpEvent, op: AnyOperation): unknown {
  const { connectionId: _c, ...routeParams } = event.pathParameters ?? {};
  const query = event.queryStringParameters ?? {};
  if (op.request.bodyField) return { ...query, ...routeParams, ...(event.body ? { [op.request.bodyField]: jsonBodyOf(event) } : {}) };
  if (op.request.binaryBody) return binaryInputOf(event, op, { ...query, ...routeParams }, () => jsonBodyOf(event));
  if (op.route.method === "GET" || op.route.method === "DELETE") return { ...query, ...routeParams };
  return { ...jsonBodyOf(event), ...routeParams };
}

/** What our routes with a body take. */
export const ACCEPTED_MEDIA_TYPES = ["application/json"] as const;

const mediaTypeOf = (contentType: string) => (contentType.split(";")[0] ?? "").trim().toLowerCase();

/**
 * The request body as a JSON object ({} when empty, whatever its Content-Type, so bodyless calls
 * need none). A body of another media type, or of none declared, is a 415 naming the accepted
 * types; a JSON body that does not parse to an object is a 400.
 */
export function jsonBodyOf(event: HttpEvent): Record<string, unknown> {
  if (!event.body) return {};
  const contentType = headerOf(event, "content-type");
  if (contentType === undefined || !(ACCEPTED_MEDIA_TYPES as readonly string[]).includes(mediaTypeOf(contentType))) {
    throw new RequestError(
      415,
      "Unsupported Media Type",
      `${contentType === undefined ? "A body needs a Content-Type" : `Content-Type ${mediaTypeOf(contentType).slice(0, 100)} is not accepted`}; send ${ACCEPTED_MEDIA_TYPES.join(" or ")}`,
      { accepted: [...ACCEPTED_MEDIA_TYPES] },
    );
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(400, "Invalid JSON", "The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError(400, "Invalid JSON", "The request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export function routeKeyOf(op: AnyOperation): string {
  return `${op.route.method} /v1/${op.vendor.id}/{connectionId}${op.route.path}`;
}
