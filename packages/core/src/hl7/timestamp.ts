/**
 * Date-times as a clinic's wall clock. Orders carry local times (the docs' example writes
 * `20220823092808` with no offset), so we keep the digits the caller sent instead of converting
 * through `Date`, which would shift them to UTC.
 */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** `+05:30`, when the source said which offset its wall clock is on. */
  offset?: string;
}

const HL7_TS = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;

function isValid(t: WallTime): boolean {
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day));
  return (
    date.getUTCFullYear() === t.year &&
    date.getUTCMonth() === t.month - 1 &&
    date.getUTCDate() === t.day &&
    t.hour < 24 &&
    t.minute < 60 &&
    t.second < 60
  );
}

/** Reads `YYYYMMDDHHMMSS` or ISO 8601 (`2022-08-23T09:28:08+05:30`); undefined when neither or not a real time. */
export function parseWallTime(text: string): WallTime | undefined {
  const hl7 = HL7_TS.exec(text);
  const iso = hl7 ? undefined : ISO.exec(text);
  const m = hl7 ?? iso;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const zone = iso?.[7];
  const time: WallTime = { year, month, day, hour, minute, second, ...(zone && { offset: zone === "Z" ? "+00:00" : zone }) };
  return isValid(time) ? time : undefined;
}

export function utcWallTime(date: Date): WallTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** HL7 TS to the second, without offset, as the docs' example writes MSH-7 and OBR times. */
export function hl7Timestamp(t: WallTime): string {
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`;
}

/** `YYYY-MM-DD HH:MM:SS`, the form the docs' example uses inside ORC and OBR text. */
export function spacedDateTime(t: WallTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** `YYYYMMDD` → `YYYY-MM-DD`. */
export function dashedDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}
