/**
 * Calendar days as the vendor's `YYYYMMDD` and as ISO `YYYY-MM-DD` (archive keys), and "today" in an
 * account's timezone, which decides which day is complete.
 */
export const isoDay = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
export const compactDay = (iso: string) => iso.replaceAll("-", "");

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseIsoDay(value: string): Date {
  const at = new Date(`${value}T00:00:00Z`);
  if (!ISO_DAY.test(value) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
    throw new Error(`not a calendar day (YYYY-MM-DD): ${value}`);
  }
  return at;
}

/** Every day from `from` to `to` inclusive, as ISO days. */
export function daysBetween(from: string, to: string): string[] {
  const start = parseIsoDay(from);
  const end = parseIsoDay(to);
  if (end < start) throw new Error(`the range ends (${to}) before it starts (${from})`);
  const days: string[] = [];
  for (let at = start; at <= end; at = new Date(at.getTime() + 86_400_000)) days.push(at.toISOString().slice(0, 10));
  return days;
}

export function addDays(day: string, n: number): string {
  return new Date(parseIsoDay(day).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day it is now in `timeZone` (e.g. Asia/Kolkata), as an ISO day. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
