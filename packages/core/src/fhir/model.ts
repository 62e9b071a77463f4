import type { Extension, Identifier } from "@medplum/fhirtypes";

/**
 * The pieces every mapping uses: our identifier systems, our extensions, and instants. FHIR
 * instants carry a timezone; we give them in UTC and keep the vendor's own zone or offset beside
 * them, with the vendor's raw status next to the FHIR status it was mapped to.
 */
const BASE = "https://switchboard.dev/fhir/StructureDefinition";

export const EXTENSIONS = {
  /** The timezone (IANA name) or UTC offset the vendor gave the resource's times in. */
  sourceTimezone: `${BASE}/source-timezone`,
  /** The vendor's own status, beside the FHIR status it maps to. */
  vendorStatus: `${BASE}/vendor-status`,
  /** A vendor budget (CapabilityStatement.rest): pacing class, interval and burst. */
  rateLimit: `${BASE}/rate-limit`,
} as const;

export const identifierSystem = (vendor: string, kind: string) => `urn:switchboard:${vendor}:${kind}`;

export function vendorIdentifier(vendor: string, kind: string, value: string): Identifier {
  return { system: identifierSystem(vendor, kind), value };
}

export const sourceTimezone = (zone: string): Extension => ({ url: EXTENSIONS.sourceTimezone, valueString: zone });
export const vendorStatus = (status: string): Extension => ({ url: EXTENSIONS.vendorStatus, valueString: status });

/** A date-time with an offset (`2021-05-16T14:00:00+01:00`) as a UTC instant (`2021-05-16T13:00:00Z`). */
export function utcInstant(dateTime: string): string {
  const ms = Date.parse(dateTime);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${dateTime}`);
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** The `+01:00` / `Z` at the end of a date-time, as the source timezone. */
export function offsetOf(dateTime: string): string | undefined {
  return /(Z|[+-]\d{2}:\d{2})$/.exec(dateTime)?.[1];
}

/** The UTC offset of `zone` at `utcMs`, in minutes east of UTC. */
function offsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcMs) / 60_000);
}

/** A wall-clock time in `zone` (date `YYYY-MM-DD`, time `HH:MM`) as a UTC instant. */
export function zonedInstant(date: string, time: string, zone: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, min);
  // Twice: the offset at the guess can differ from the offset at the answer across a DST change.
  let utc = wall - offsetMinutes(zone, wall) * 60_000;
  utc = wall - offsetMinutes(zone, utc) * 60_000;
  return new Date(utc).toISOString().replace(/\.000Z$/, "Z");
}

/** A UTC instant as the wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`) in `zone`. */
export function wallClock(instant: string, zone: string): { date: string; time: string } {
  const ms = Date.parse(instant);
  const local = new Date(ms + offsetMinutes(zone, ms) * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** An instant at a fixed offset such as `+01:00`, as `2021-05-16T14:00:00+01:00`. */
export function atOffset(instant: string, offset: string): string {
  const sign = offset === "Z" ? 0 : offset.startsWith("-") ? -1 : 1;
  const [hh, mm] = offset === "Z" ? [0, 0] : offset.slice(1).split(":").map(Number);
  const minutes = sign * ((hh ?? 0) * 60 + (mm ?? 0));
  const local = new Date(Date.parse(instant) + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === "Z" ? "Z" : offset}`;
}
