import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ConfigurationError, PacingBudgetExceeded, RequestError, ValidationError, VendorError } from "../errors";

/** RFC 9457 problem details for every error our API returns. */
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

const TYPE_BASE = "https://switchboard.dev/problems/";

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export function problem(
  statusCode: number,
  type: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/problem+json", ...headers },
    body: JSON.stringify({ type: `${TYPE_BASE}${type}`, title, status: statusCode, detail, ...extra }),
  };
}

const retryAfterHeader = (ms: number | undefined): Record<string, string> =>
  ms === undefined ? {} : { "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) };

function vendorProblem(err: VendorError): HttpResult {
  const body: Record<string, unknown> = { ...err.toJSON() };
  const detail = err.outcomeUnknown
    ? `${err.vendor} may or may not have completed ${err.operation}; check before retrying with a new Idempotency-Key`
    : `${err.vendor} ${err.operation} failed (${err.code})${err.vendorMessage ? `: ${err.vendorMessage}` : ""}`;
  switch (err.code) {
    case "REJECTED":
      return problem(422, "vendor-rejected", "The vendor rejected the request", detail, body);
    case "NOT_FOUND":
      return problem(404, "vendor-not-found", "The vendor has no such resource", detail, body);
    case "CONFLICT":
      return problem(409, "vendor-conflict", "The vendor reported a conflict", detail, body);
    case "RATE_LIMITED":
    case "UNAVAILABLE":
      return problem(503, "vendor-unavailable", "The vendor is not accepting requests right now", detail, body, retryAfterHeader(err.retryAfterMs ?? 1000));
    case "TIMEOUT":
      return problem(504, "vendor-timeout", "The vendor did not answer in time", detail, body);
    default:
      return problem(502, "vendor-error", "The vendor call failed", detail, body);
  }
}

/** Maps any error to a problem response. Unknown errors become a 500 without internal detail. */
export function toProblem(err: unknown): HttpResult {
  if (err instanceof ValidationError) {
    return problem(400, "validation", "Invalid request", err.message, { errors: err.issues });
  }
  if (err instanceof RequestError) return problem(err.status, err.title.toLowerCase().replace(/\s+/g, "-"), err.title, err.message, err.extra);
  if (err instanceof PacingBudgetExceeded) {
    return problem(429, "pacing", "Vendor rate limit reached", "No vendor slot is free within the wait budget; retry later", {}, retryAfterHeader(err.retryAfterMs));
  }
  if (err instanceof VendorError) return vendorProblem(err);
  if (err instanceof ConfigurationError) return problem(502, "connection-misconfigured", "Connection misconfigured", err.message);
  return problem(500, "internal", "Internal error", "Something went wrong on our side; the request can be retried");
}
