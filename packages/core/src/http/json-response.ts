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
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    if (ok) return { ok: false, code: "MALFORMED_RESPONSE", retryable: true, maybeProcessed: true };
    return { ok: false, ...classifyHttpStatus(response.status), vendorStatus: String(response.status) };
  }
  if (ok) return { ok: true, body };
  const fields = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const message = messageOf(fields);
  return {
    ok: false,
    ...classifyHttpStatus(response.status),
    vendorStatus: String(response.status),
    ...(typeof message === "string" && { message }),
  };
}
