/**
 * Vendor-agnostic fault injection for the simulators. Tests (in-process or over HTTP via
 * POST /__sim/faults) queue faults; the simulator takes the first matching one per request,
 * so a test can script e.g. "the next two bookings get a 503, then everything succeeds".
 */
export type FaultKind = "latency" | "status" | "drop" | "malformed";

export interface FaultSpec {
  kind: FaultKind;
  /** How many requests the fault applies to; default 1, -1 (or Infinity) = until cleared. */
  times?: number;
  /** Only requests whose path starts with this prefix; default: every vendor request. */
  pathPrefix?: string;
  /** latency: delay before the request is handled normally. */
  ms?: number;
  /** status: the HTTP status to answer with, e.g. 500, 503, 429. */
  status?: number;
  /** status: sets Retry-After (seconds), as vendors do on 429/503. */
  retryAfterSeconds?: number;
}

const KINDS: readonly FaultKind[] = ["latency", "status", "drop", "malformed"];

export class FaultSpecError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalNumber(input: Record<string, unknown>, key: string, valid: (n: number) => boolean): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !valid(value)) throw new FaultSpecError(`invalid fault ${key}: ${String(value)}`);
  return value;
}

const isNonNegativeInt = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * Validates a spec from an untrusted source (the admin endpoint's JSON body) so that a
 * typo fails loudly at injection time instead of silently never matching.
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (!isRecord(input)) throw new FaultSpecError("fault spec must be an object");
  const kind = input.kind;
  if (typeof kind !== "string" || !KINDS.includes(kind as FaultKind)) {
    throw new FaultSpecError(`fault kind must be one of ${KINDS.join(", ")}`);
  }
  const pathPrefix = input.pathPrefix;
  if (pathPrefix !== undefined && typeof pathPrefix !== "string") throw new FaultSpecError("invalid fault pathPrefix");
  const spec: FaultSpec = {
    kind: kind as FaultKind,
    times: optionalNumber(input, "times", (n) => n === -1 || n === Infinity || (Number.isInteger(n) && n >= 1)),
    pathPrefix,
    ms: optionalNumber(input, "ms", isNonNegativeInt),
    status: optionalNumber(input, "status", (n) => Number.isInteger(n) && n >= 100 && n <= 599),
    retryAfterSeconds: optionalNumber(input, "retryAfterSeconds", isNonNegativeInt),
  };
  if (spec.kind === "latency" && spec.ms === undefined) throw new FaultSpecError("latency fault needs ms");
  if (spec.kind === "status" && spec.status === undefined) throw new FaultSpecError("status fault needs status");
  return spec;
}

interface PendingFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultInjector {
  private pending: PendingFault[] = [];

  inject(spec: FaultSpec): void {
    const parsed = parseFaultSpec(spec);
    const times = parsed.times ?? 1;
    this.pending.push({ spec: parsed, remaining: times === -1 ? Infinity : times });
  }

  clear(): void {
    this.pending = [];
  }

  /** Returns and consumes the next matching fault for a request path, or undefined. */
  take(path: string): FaultSpec | undefined {
    // First injected wins, so scripted sequences play out in the order they were queued.
    const index = this.pending.findIndex((p) => p.spec.pathPrefix === undefined || path.startsWith(p.spec.pathPrefix));
    const match = this.pending[index];
    if (!match) return undefined;
    match.remaining -= 1;
    if (match.remaining <= 0) this.pending.splice(index, 1);
    return match.spec;
  }
}
