import { FhirError } from "./outcome";

/**
 * FHIR search parameters the adapters share: date ranges with prefixes (`start=ge…&start=lt…`,
 * `date=2026-12-01`), and references (`Practitioner/{id}`).
 */
export interface DateRange {
  /** Inclusive lower bound, ms since epoch. */
  from: number;
  /** Exclusive upper bound, ms since epoch. */
  to: number;
}

const PREFIXED = /^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)$/;
const DAY = 86_400_000;

/** A range from a date parameter's values; a bare day means that whole day (UTC). */
export function dateRange(values: string[], name: string): DateRange | undefined {
  if (values.length === 0) return undefined;
  let from = -Infinity;
  let to = Infinity;
  for (const value of values) {
    const m = PREFIXED.exec(value);
    if (!m) throw new FhirError(400, "invalid", `${name} must be a FHIR date or instant with an optional ge/gt/le/lt/eq prefix, and a time needs a timezone`, [name]);
    const prefix = m[1] ?? "eq";
    const day = m[3] === undefined;
    const at = Date.parse(day ? `${m[2]}T00:00:00Z` : m[2]!);
    const end = day ? at + DAY : at + 1;
    if (prefix === "eq") [from, to] = [Math.max(from, at), Math.min(to, end)];
    else if (prefix === "ge") from = Math.max(from, at);
    else if (prefix === "gt") from = Math.max(from, end);
    else if (prefix === "lt") to = Math.min(to, at);
    else to = Math.min(to, end);
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new FhirError(400, "invalid", `${name} needs both a lower and an upper bound (e.g. ${name}=ge2026-12-01&${name}=lt2026-12-08)`, [name]);
  if (to <= from) throw new FhirError(400, "invalid", `${name} is an empty range`, [name]);
  return { from, to };
}

/** The id in `Type/{id}` (or a bare id), for a reference parameter of `type`. */
export function referencedId(value: string | null, type: string, name: string): string | undefined {
  if (value === null) return undefined;
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw new FhirError(400, "invalid", `${name} must reference a ${type} (${type}/{id})`, [name]);
  return id;
}

export function required<T>(value: T | undefined, name: string, why: string): T {
  if (value === undefined) throw new FhirError(400, "required", `${name} is required: ${why}`, [name]);
  return value;
}

/** Search parameters the adapter does not know are an error, not silently ignored. */
export function onlyKnown(params: URLSearchParams, known: readonly string[]): void {
  for (const name of params.keys()) {
    if (!known.includes(name) && !["_count", "_page", "_format"].includes(name)) throw new FhirError(400, "not-supported", `search parameter ${name} is not supported here`, [name]);
  }
}
