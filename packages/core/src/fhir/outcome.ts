import type { OperationOutcome, OperationOutcomeIssue } from "@medplum/fhirtypes";
import { ValidationError } from "../errors";
import { toProblem, type HttpResult } from "../http/problem";

/**
 * Errors as FHIR OperationOutcomes, with the same facts as our problem+json: the HTTP status, and
 * for a vendor failure which vendor, which operation, its code and whether a retry can help
 * (`issue.diagnostics` names them; the problem's fields are in `issue.details.coding`).
 */
export const FHIR_JSON = "application/fhir+json";

/** A request the facade itself refuses: unsupported capability, bad search, bad patch. */
export class FhirError extends Error {
  override readonly name = "FhirError";
  constructor(
    readonly status: number,
    readonly code: OperationOutcomeIssue["code"],
    message: string,
    readonly expression?: string[],
  ) {
    super(message);
  }
}

/** 501: what this connection's vendor cannot do, named. */
export const notSupported = (what: string, vendor: string) => new FhirError(501, "not-supported", `${vendor} does not support ${what}`);

const CODES: Record<number, OperationOutcomeIssue["code"]> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  415: "not-supported",
  422: "processing",
  429: "throttled",
  501: "not-supported",
  502: "transient",
  503: "transient",
  504: "timeout",
};

export function fhirJson(statusCode: number, resource: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { "content-type": FHIR_JSON, ...headers }, body: JSON.stringify(resource) };
}

export function outcome(severity: OperationOutcomeIssue["severity"], code: OperationOutcomeIssue["code"], diagnostics: string, extra: Partial<OperationOutcomeIssue> = {}): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity, code, diagnostics, ...extra }] };
}

/** Any error as an OperationOutcome response, keeping the status and headers our problem+json would have. */
export function toOutcome(err: unknown): HttpResult {
  if (err instanceof FhirError) {
    return fhirJson(err.status, outcome("error", err.code, err.message, err.expression ? { expression: err.expression } : {}));
  }
  const problem = toProblem(err);
  const body = JSON.parse(problem.body) as Record<string, unknown>;
  const issues: OperationOutcomeIssue[] =
    err instanceof ValidationError
      ? err.issues.map((i) => ({ severity: "error", code: "invalid", diagnostics: i.message, expression: [i.path] }))
      : [
          {
            severity: "error",
            code: CODES[problem.statusCode] ?? "exception",
            diagnostics: String(body.detail ?? body.title ?? ""),
            // The problem's machine-readable facts, for clients that branch on them.
            details: {
              coding: Object.entries(body)
                .filter(([k, val]) => ["type", "vendor", "operation", "code", "retryable", "outcomeUnknown"].includes(k) && val !== undefined)
                .map(([k, val]) => ({ system: `https://switchboard.dev/problems#${k}`, code: String(val) })),
            },
          },
        ];
  const { "content-type": _ct, ...headers } = problem.headers;
  return fhirJson(problem.statusCode, { resourceType: "OperationOutcome", issue: issues } satisfies OperationOutcome, headers);
}

