import type { Interpretation, RawResponse } from "../../catalogue";
import { parseJsonAnswer } from "../../http/json-response";
import { classifyHttpStatus } from "../../http/status";
import { withTypedFields } from "./typed";

/**
 * VSee wraps answers in `{"data": ...}` and errors in `{"error": ...}`, a message or an object
 * with `code` and `message`, under a non-2xx status or, at times, a 200. An error's own HTTP-like
 * code decides when the status is 2xx (a 401 there is a refused token like any other); otherwise
 * the status does. Successful answers gain their typed fields (typed.ts).
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function errorOf(body: unknown): { message?: string; code?: number } | undefined {
  if (!isRecord(body) || body.error === undefined || body.error === null || body.error === false) return undefined;
  const error = body.error;
  if (typeof error === "string") return { message: error };
  if (!isRecord(error)) return {};
  const code = Number(error.code);
  return {
    ...(typeof error.message === "string" && { message: error.message }),
    ...(Number.isInteger(code) && code >= 400 && code <= 599 && { code }),
  };
}

export function interpretVsee(response: RawResponse): Interpretation {
  const ok = response.status >= 200 && response.status < 300;
  const parsed = parseJsonAnswer(response);
  if ("failure" in parsed) return parsed.failure;
  const error = errorOf(parsed.body);
  if (ok && !error) return { ok: true, body: withTypedFields(parsed.body) };
  const status = ok ? (error?.code ?? 400) : response.status;
  return {
    ok: false,
    ...classifyHttpStatus(status),
    vendorStatus: String(error?.code ?? response.status),
    ...(error?.message !== undefined && { message: error.message }),
  };
}
