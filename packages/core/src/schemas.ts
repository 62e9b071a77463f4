import * as v from "valibot";

/** Valibot building blocks shared by vendor catalogues. */

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `YYYYMMDD` that names a real calendar day. */
export const yyyymmdd = v.pipe(
  v.string(),
  v.regex(/^\d{8}$/, "must be a date as YYYYMMDD"),
  v.check(
    (s) => isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))),
    "must be a real calendar date",
  ),
);

/** `HH:MM`, 24-hour clock. */
export const hhmm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM (24-hour)"));

export const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));

export const phone = v.pipe(v.string(), v.regex(/^\+?\d{10,13}$/, "must be 10 to 13 digits, optionally with a leading +"));

export const email = v.pipe(v.string(), v.email("must be an email address"));

/** A positive integer given as a number or a numeric string (connection config set from the CLI is text). */
export const positiveInt = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number))]),
  v.integer(),
  v.minValue(1),
);
