/**
 * VSee answers numbers as text and instants as Unix seconds, and not consistently: one answer has
 * `"start": "1470669300"` and `"status": "20"`, another `"start": 1615909605` and `"status": 20`,
 * and attachments carry `{"sec": 1471465053, "usec": 966000}`. Our answers keep every vendor field
 * as VSee sent it, and each object that has such fields gains `_typed` beside them:
 *
 * - instants (the time fields VSee uses, and `{sec, usec}` objects) as ISO 8601 UTC;
 * - the code fields (`type`, `subtype`, `subType`, `status`) as numbers.
 *
 * Only fields with a usable value appear; an object with none gets no `_typed`.
 */
export const TYPED_KEY = "_typed";

const INSTANT_FIELDS = new Set(["start", "end", "actual_start", "actual_end", "created", "modified", "expiry", "slot_start", "slot_end", "total_start", "total_end"]);
const INSTANT_FIELD = /^call_start_\d+$/;
const CODE_FIELDS = new Set(["type", "subtype", "subType", "status"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** Unix seconds, or `{sec, usec}`, as an ISO 8601 instant. */
function instant(value: unknown): string | undefined {
  if (isRecord(value)) {
    const sec = wholeNumber(value.sec);
    const usec = wholeNumber(value.usec) ?? 0;
    return sec === undefined || sec <= 0 ? undefined : new Date(sec * 1000 + Math.floor(usec / 1000)).toISOString();
  }
  const sec = wholeNumber(value);
  return sec === undefined || sec <= 0 ? undefined : new Date(sec * 1000).toISOString();
}

function typedFieldsOf(object: Record<string, unknown>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (INSTANT_FIELDS.has(key) || INSTANT_FIELD.test(key)) {
      const at = instant(value);
      if (at !== undefined) typed[key] = at;
    } else if (CODE_FIELDS.has(key)) {
      const code = wholeNumber(value);
      if (code !== undefined) typed[key] = code;
    }
  }
  return typed;
}

/** The answer with `_typed` added to every object that has typed fields, at any depth. */
export function withTypedFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withTypedFields);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = INSTANT_FIELDS.has(key) && isRecord(child) ? child : withTypedFields(child);
  const typed = typedFieldsOf(value);
  if (Object.keys(typed).length) out[TYPED_KEY] = typed;
  return out;
}
