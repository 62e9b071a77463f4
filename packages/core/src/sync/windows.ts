/**
 * Time windows that cover one day for MocDoc's windowed endpoints (lab orders, test results take
 * `starttime`/`endtime` as HH:MM). The docs do not say whether `endtime` is inclusive, so both
 * readings are supported per connection (`windowEnd`):
 *
 * - "inclusive" (default): the end minute is part of the window, so windows are
 *   [00:00–05:59], [06:00–11:59], … [18:00–23:59] — consecutive, no minute twice, none missed.
 * - "exclusive": the end minute is not included, so windows are [00:00–06:00), [06:00–12:00), …
 *   and the last one must end at "24:00" to include 23:59.
 *
 * Either way the windows of a day have no gaps and no overlaps under their own reading.
 */
export type WindowEnd = "inclusive" | "exclusive";

export interface TimeWindow {
  start: string;
  end: string;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const MINUTES_PER_DAY = 24 * 60;

export function dayWindows(sizeMinutes: number, reading: WindowEnd): TimeWindow[] {
  if (!Number.isInteger(sizeMinutes) || sizeMinutes < 1 || MINUTES_PER_DAY % sizeMinutes !== 0) {
    throw new Error(`window size must divide a day into whole windows, got ${sizeMinutes} minutes`);
  }
  const windows: TimeWindow[] = [];
  for (let from = 0; from < MINUTES_PER_DAY; from += sizeMinutes) {
    const to = from + sizeMinutes;
    windows.push({ start: hhmm(from), end: reading === "inclusive" ? hhmm(to - 1) : hhmm(to) });
  }
  return windows;
}

/** The minutes of the day a window covers under its reading, for checking coverage. */
export function windowMinutes(window: TimeWindow, reading: WindowEnd): [number, number] {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  return [start, reading === "inclusive" ? end + 1 : end];
}
