/**
 * Field checks and answers shared by the MocDoc simulator's routes. MocDoc answers business errors
 * with HTTP 200 and the status in the body: "400" for missing fields, "402" for validation.
 */
export interface MocDocBody {
  status: string;
  message?: string;
  [field: string]: unknown;
}

export const ok = (fields: Record<string, unknown>): MocDocBody => ({ status: "200", message: "success", ...fields });
export const missedFields = (names: readonly string[]): MocDocBody => ({ status: "400", message: `Missed Fields: ${names.join(", ")}` });
/** A 402 with the endpoint's documented wording, e.g. "Invalid date or Invalid location". */
export const invalid = (message: string): MocDocBody => ({ status: "402", message });
/** A 402 for endpoints whose docs only say "Validation Error". */
export const validationError = (detail: string): MocDocBody => invalid(`Validation Error: ${detail}`);
export const forbidden = (): MocDocBody => ({ status: "403", message: "Forbidden" });

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A field as text: MocDoc is lenient about JSON types (a numeric date is fine). */
export const text = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

export function isYyyymmdd(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Round-trip through Date to reject impossible days such as 20240230.
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const isHhmm = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
/** `endtime` may also be 24:00, the end of the day. */
export const isWindowEnd = (value: string) => isHhmm(value) || value === "24:00";
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const isMobile = (value: string) => /^\+?\d{10,13}$/.test(value);
/** The last ten digits: "+91 98…" and "98…" are the same number. */
export const sameMobile = (a: string, b: string) => a.replace(/\D/g, "").slice(-10) === b.replace(/\D/g, "").slice(-10);

/** Every day from `start` to `end` inclusive, as YYYYMMDD. */
export function daysFrom(start: string, end: string): string[] {
  const at = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
  const days: string[] = [];
  for (let t = at(start); t <= at(end); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10).replaceAll("-", ""));
  return days;
}

export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10).replaceAll("-", "");
}

/** MocDoc's clinics keep Indian time: "today" and "now" as YYYYMMDD and HH:MM:SS in IST. */
export function istNow(nowMs: number): { date: string; time: string } {
  const iso = new Date(nowMs + 5.5 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10).replaceAll("-", ""), time: iso.slice(11, 19) };
}
