import type { Interpretation, RawResponse } from "../../catalogue";
import { parseJsonAnswer } from "../../http/json-response";
import { classifyHttpStatus } from "../../http/status";

/**
 * HealthDock's envelope: `{"success": true, "data": …}`, or `{"success": false, "error": {code,
 * message, details: {field, issue}}}` under the documented status codes. A failure keeps the
 * vendor's `code` (as vendorStatus) and the failing `field`; the message joins `message` and
 * `issue` (scrubbed of the request's values by the caller). `success: false` under a 2xx is a
 * refusal too.
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** What a code or a field name looks like; anything else (or a value in its place) is not repeated. */
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_.[\]-]{0,63}$/;

export function interpretHealthdock(response: RawResponse): Interpretation {
  const ok = response.status >= 200 && response.status < 300;
  const parsed = parseJsonAnswer(response);
  if ("failure" in parsed) return parsed.failure;
  const body = parsed.body;
  if (ok && !(isRecord(body) && body.success === false)) return { ok: true, body };
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const details = isRecord(error.details) ? error.details : {};
  const code = typeof error.code === "string" && CODE.test(error.code) ? error.code : undefined;
  const field = typeof details.field === "string" && FIELD.test(details.field) ? details.field : undefined;
  const message = [error.message, details.issue].filter((part): part is string => typeof part === "string" && part !== "").join(": ");
  return {
    ok: false,
    ...classifyHttpStatus(ok ? 400 : response.status),
    vendorStatus: code ?? String(response.status),
    ...(message && { message }),
    ...(field && { field }),
  };
}
