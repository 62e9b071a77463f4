import type { Interpretation, RawResponse } from "../catalogue";
import { classifyHttpStatus } from "./status";

/**
 * The usual JSON API: the HTTP status decides. A 2xx answers its JSON body (null when empty, as
 * 202/204 are); anything else is a typed failure with the vendor's message, taken from the error
 * body by `messageOf` (each vendor's envelope differs), to be scrubbed by the caller.
 */
export function interpretJson(response: RawResponse, messageOf: (body: Record<string, unknown>) => unknown): Interpretation {
  const ok = response.status >= 200 && response.status < 300;
  if (ok && response.text.trim() === "") return { ok: true, body: null };
  const parsed = parseJsonAnswer(response);
  if ("failure" in parsed) return parsed.failure;
  if (ok) return { ok: true, body: parsed.body };
  const fields = parsed.body && typeof parsed.body === "object" ? (parsed.body as Record<string, unknown>) : {};
  const message = messageOf(fields);
  return {
    ok: false,
    ...classifyHttpStatus(response.status),
    vendorStatus: String(response.status),
    ...(typeof message === "string" && { message }),
  };
}

/**
 * An answer's JSON body, or the failure an answer that is not JSON is: malformed on a 2xx (the
 * vendor may have acted), the status's typed error otherwise. For vendors whose envelopes decide
 * more than the status does (errors in 200 bodies).
 */
export function parseJsonAnswer(response: RawResponse): { body: unknown } | { failure: Interpretation } {
  try {
    return { body: JSON.parse(response.text) };
  } catch {
    if (response.status >= 200 && response.status < 300) return { failure: { ok: false, code: "MALFORMED_RESPONSE", retryable: true, maybeProcessed: true } };
    return { failure: { ok: false, ...classifyHttpStatus(response.status), vendorStatus: String(response.status) } };
  }
}
