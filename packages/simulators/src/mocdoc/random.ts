import { createHash } from "node:crypto";

/** Seeded randomness and formatting for the MocDoc simulator's generated data. */
export const MAX_RECORDS_PER_DAY = 12;
export const SECONDS_PER_DAY = 86_400;

/** mulberry32 over a SHA-256 seed of the parts: small, fast and good enough for test data. */
export function seeded(...parts: string[]): () => number {
  let state = createHash("sha256").update(parts.join("|")).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const clock = (seconds: number) => `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
export const money = (n: number) => Math.round(n * 100) / 100;
export const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))) / 86_400_000;

/** India's financial year (April–March) of a day, as in bill numbers: "2526" for 2025-26. */
export function financialYear(day: string): { label: string; dayIndex: number } {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(4, 6)) >= 4 ? year : year - 1;
  const label = `${String(start).slice(2)}${String(start + 1).slice(2)}`;
  return { label, dayIndex: dayNumber(day) - dayNumber(`${start}0401`) };
}

/** A per-day sequence number, unique within the financial year (at most 20 a day). */
export const billSeq = (day: string, i: number) => financialYear(day).dayIndex * 20 + i + 1;

/** The day's record count and its distinct seconds of the day, ascending. */
export function moments(rng: () => number): number[] {
  const count = Math.floor(rng() * (MAX_RECORDS_PER_DAY + 1));
  const seconds = new Set<number>();
  while (seconds.size < count) seconds.add(Math.floor(rng() * SECONDS_PER_DAY));
  return [...seconds].sort((a, b) => a - b);
}

