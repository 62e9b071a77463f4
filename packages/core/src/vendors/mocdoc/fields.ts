import * as v from "valibot";
import { email, hhmm, nonEmpty, phone, yyyymmdd } from "../../schemas";

/**
 * Input pieces several MocDoc operations share. Field names are MocDoc's own, so an input maps
 * one to one onto the vendor request; only vendor path segments that are not MocDoc body fields
 * (ratePlanKey, storeKey, prodKey) are named in our camelCase. Read inputs come from the query
 * string, so every read field is a string.
 */

/** A location key as `listLocations` returns it, e.g. "location1". */
export const entitylocation = v.pipe(nonEmpty, v.maxLength(100));

/** A mobile number as MocDoc takes it where the docs type it as an integer: digits only. */
export const mobileNumber = v.pipe(phone, v.regex(/^\d+$/, "must be digits only"));

/** A MocDoc key (drkey, phid, orderkey…): printable, no whitespace, not a path. */
export const key = v.pipe(v.string(), v.regex(/^[^\s/\\?#]{1,200}$/, "must be a key of 1 to 200 characters without spaces or slashes"));

/**
 * `endtime` of a lab order / test result window: HH:MM, or 24:00 so that a window read with an
 * exclusive end can still reach the day's last minute (see sync/windows.ts).
 */
export const windowEnd = v.pipe(
  v.string(),
  v.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "must be a time as HH:MM (24-hour), or 24:00 for the end of the day"),
);

/**
 * `to` may not come before `from` (YYYYMMDD dates and HH:MM times compare as text); reported on
 * `to`. Use inside `v.pipe(v.strictObject(...), notBefore("startdate", "enddate"))`.
 */
export function notBefore<TInput extends Record<string, unknown>>(from: keyof TInput & string, to: keyof TInput & string) {
  return v.rawCheck<TInput>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const start = dataset.value[from];
    const end = dataset.value[to];
    if (typeof start !== "string" || typeof end !== "string" || end >= start) return;
    addIssue({
      message: `must not be before ${from}`,
      path: [{ type: "object", origin: "value", input: dataset.value, key: to, value: end }],
    });
  });
}

/** A day-per-call dataset that MocDoc filters by location: `entitylocation` and the day as `date`. */
export const locationDay = { entitylocation, date: yyyymmdd };

/** A day and time window: `date`, `starttime` (inclusive), `endtime`. */
export const dayWindow = { date: yyyymmdd, starttime: hhmm, endtime: windowEnd };

const text = (max: number) => v.pipe(nonEmpty, v.maxLength(max));
const amount = v.pipe(v.number(), v.minValue(0), v.maxValue(100_000_000));

export const money = amount;
export const wholeRupees = v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(0), v.maxValue(100_000_000));

/**
 * The demographic fields a clinic integration sets on a MocDoc patient, all optional: the docs
 * elide the list ("....") and mark none of them required. These are the names MocDoc's other
 * endpoints use (bookappt's fname/lname/email/gender/dob, teleconsult's Title, the patient list's
 * mobile); an account's further fields pass through (`vendorFields: "passthrough"`).
 */
export const patientDetails = {
  title: v.optional(v.picklist(["Mr", "Mrs", "Ms", "Miss", "Master", "Baby", "Dr"])),
  fname: v.optional(text(100)),
  mname: v.optional(text(100)),
  lname: v.optional(text(100)),
  gender: v.optional(v.picklist(["Male", "Female", "Other"])),
  dob: v.optional(yyyymmdd),
  age: v.optional(v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(0), v.maxValue(150))),
  mobile: v.optional(phone),
  altmobile: v.optional(phone),
  email: v.optional(email),
  address1: v.optional(text(200)),
  address2: v.optional(text(200)),
  area: v.optional(text(100)),
  city: v.optional(text(100)),
  state: v.optional(text(100)),
  country: v.optional(text(100)),
  pincode: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9 -]{3,10}$/, "must be a postal code"))),
  bloodgroup: v.optional(v.picklist(["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"])),
  referral_key: v.optional(key),
};

/** A 1×1 PNG, for the image operations' examples. */
export const SAMPLE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export const note = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)));
export { text };
