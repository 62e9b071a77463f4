/**
 * Typed failures. A VendorError says which vendor and operation failed, what the vendor said
 * (already scrubbed of patient data) and whether a retry can help. `outcomeUnknown` marks a write
 * whose request may have reached the vendor (timeout, reset, 5xx): it must not be re-sent blindly.
 */
export const VENDOR_ERROR_CODES = [
  "RATE_LIMITED",
  "UNAVAILABLE",
  "SERVER_ERROR",
  "TIMEOUT",
  "NETWORK",
  "REJECTED",
  "AUTH",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "MALFORMED_RESPONSE",
] as const;
export type VendorErrorCode = (typeof VENDOR_ERROR_CODES)[number];

export interface VendorErrorInit {
  vendor: string;
  operation: string;
  code: VendorErrorCode;
  httpStatus?: number;
  vendorStatus?: string;
  vendorMessage?: string;
  /** The request field the vendor named as failing, where it names one. */
  vendorField?: string;
  retryable: boolean;
  outcomeUnknown?: boolean;
  retryAfterMs?: number;
}

export class VendorError extends Error {
  override readonly name = "VendorError";
  readonly vendor: string;
  readonly operation: string;
  readonly code: VendorErrorCode;
  readonly httpStatus?: number;
  readonly vendorStatus?: string;
  readonly vendorMessage?: string;
  readonly vendorField?: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly retryAfterMs?: number;

  constructor(init: VendorErrorInit) {
    super(`${init.vendor} ${init.operation} failed: ${init.code}${init.httpStatus ? ` (HTTP ${init.httpStatus})` : ""}`);
    this.vendor = init.vendor;
    this.operation = init.operation;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.vendorStatus = init.vendorStatus;
    this.vendorMessage = init.vendorMessage;
    this.vendorField = init.vendorField;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): SerializedVendorError {
    return {
      vendor: this.vendor,
      operation: this.operation,
      code: this.code,
      httpStatus: this.httpStatus,
      vendorStatus: this.vendorStatus,
      vendorMessage: this.vendorMessage,
      ...(this.vendorField !== undefined && { vendorField: this.vendorField }),
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

/** What callers, job records and events see of a VendorError. */
export type SerializedVendorError = Omit<VendorErrorInit, "outcomeUnknown" | "retryAfterMs"> & { outcomeUnknown: boolean };

export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that fails its schema: becomes a 400 problem and never reaches a vendor. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  constructor(readonly issues: FieldIssue[], message = "The request has invalid fields") {
    super(message);
  }
}

/** No pacing slot within the caller's wait budget. */
export class PacingBudgetExceeded extends Error {
  override readonly name = "PacingBudgetExceeded";
  constructor(readonly retryAfterMs: number) {
    super(`No vendor slot within the wait budget; next slot in ${retryAfterMs} ms`);
  }
}

/** A caller error with an HTTP status (401, 403, 404, 409, 422 …) and a safe message. */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** Connection or credential problems on our side (missing secret, bad config). */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}
