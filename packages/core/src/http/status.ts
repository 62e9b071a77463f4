import type { VendorErrorCode } from "../errors";

/**
 * What a vendor status means for us: whether a retry can help, and whether the vendor may already
 * have acted on the request (only then is re-sending a write unsafe). 429 and 503 are the vendor
 * saying "not now, nothing done"; other 5xx leave the outcome open.
 */
export function classifyHttpStatus(status: number): { code: VendorErrorCode; retryable: boolean; maybeProcessed: boolean } {
  switch (status) {
    case 401:
      return { code: "AUTH", retryable: false, maybeProcessed: false };
    case 403:
      return { code: "FORBIDDEN", retryable: false, maybeProcessed: false };
    case 404:
      return { code: "NOT_FOUND", retryable: false, maybeProcessed: false };
    case 409:
      return { code: "CONFLICT", retryable: false, maybeProcessed: false };
    case 429:
      return { code: "RATE_LIMITED", retryable: true, maybeProcessed: false };
    case 503:
      return { code: "UNAVAILABLE", retryable: true, maybeProcessed: false };
  }
  if (status >= 500) return { code: "SERVER_ERROR", retryable: true, maybeProcessed: true };
  return { code: "REJECTED", retryable: false, maybeProcessed: false };
}
