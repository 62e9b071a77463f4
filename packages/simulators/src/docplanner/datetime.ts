/**
 * Date-times as Docplanner writes them: ISO 8601 with seconds and an offset. The marketplace
 * answers in its locale's zone; the simulator uses CET (+01:00), the offset of every example in
 * the docs, all year round, so generated data does not shift with daylight saving.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const OFFSET = "+01:00";
const OFFSET_MS = HOUR;

/** Docplanner's timestamps have whole seconds; the simulator's clock is truncated to them for data. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** "2021-05-16T14:00:00+01:00"; milliseconds only when there are some (small test windows' resets). */
export function iso(ms: number): string {
  const local = new Date(ms + OFFSET_MS).toISOString();
  const fraction = local.slice(19, 23);
  return `${local.slice(0, 19)}${fraction === ".000" ? "" : fraction}${OFFSET}`;
}

/** The local calendar day of an instant, "2021-05-16". */
export const dayOf = (ms: number): string => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** Local midnight starting `day`. */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00${OFFSET}`);

export const addDays = (day: string, days: number): string => dayOf(dayStart(day) + days * DAY);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/** Local days from the one containing `from` to the one containing `to`, both included. */
export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = dayOf(from), last = dayOf(to); day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** "15.05.2021, 11:45", the local form of Docplanner's validation messages. */
export function humanDateTime(ms: number): string {
  const local = new Date(ms + OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)}, ${local.slice(11, 16)}`;
}
