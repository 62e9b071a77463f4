/**
 * Patient data must never reach logs, errors or metrics. Two layers:
 * - `redactKey` decides, by attribute name, whether a logged value is sensitive (used by the
 *   logger's JSON replacer, so it applies to every attribute at any depth);
 * - `scrubText` removes patient data from free text we did not write, such as a vendor's error
 *   message that echoes the request ("Patient Asha 9876543210 already exists").
 */
const PERSON_NAME = /^(name|[fl]name|(first|last|middle|given|family|full|display|patient|referral)_?name)$/i;
const SENSITIVE_KEY =
  /phone|mobile|email|e-mail|dob|birth|address|street|pincode|zip|postal|phid|mrn|abha|aadhaar|ssn|note|image|photo|token|secret|password|passwd|authorization|cookie|api-?key|access-?key|signature|credential|^input$|^body$|^payload$|^result$|^response$|^data$/i;

/** `name` is sensitive except where it carries an error class name, which logs need. */
export function redactKey(key: string, value: unknown): boolean {
  if (!SENSITIVE_KEY.test(key) && !PERSON_NAME.test(key)) return false;
  if (key === "name" && typeof value === "string" && /^[A-Z][A-Za-z]*Error$/.test(value)) return false;
  return true;
}

export const REDACTED = "[REDACTED]";

export function redactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactKey(k, v) ? REDACTED : redactDeep(v)]),
    );
  }
  return value;
}

const EMAIL = /[^\s@"']+@[^\s@"']+\.[^\s@"']+/g;
const LONG_DIGITS = /\+?\d[\d\s-]{5,}\d/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b|\b(19|20)\d{6}\b/g;

/** Collects every string/number leaf of an input, the values a vendor message might echo. */
export function sensitiveValues(input: unknown, out: string[] = []): string[] {
  if (typeof input === "string" && input.trim().length >= 3) out.push(input.trim());
  else if (typeof input === "number" && String(input).length >= 3) out.push(String(input));
  else if (Array.isArray(input)) input.forEach((v) => sensitiveValues(v, out));
  else if (input && typeof input === "object") Object.values(input).forEach((v) => sensitiveValues(v, out));
  return out;
}

const MAX_MESSAGE = 300;

export function scrubText(text: string, known: string[] = []): string {
  let out = text;
  for (const value of [...known].sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  out = out.replace(EMAIL, REDACTED).replace(LONG_DIGITS, REDACTED).replace(ISO_DATE, REDACTED);
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}
