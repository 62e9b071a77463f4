import * as v from "valibot";
import { queryBoolean, queryInteger } from "../../schemas";

/** Field schemas HealthDock's operations share. */

/**
 * An ABHA number (ABDM's Ayushman Bharat Health Account): 14 digits, as given or in the
 * hyphenated `XX-XXXX-XXXX-XXXX` form ABDM prints. Sent to HealthDock as the caller wrote it.
 */
export const abhaNumber = v.pipe(
  v.string(),
  v.regex(/^(\d{14}|\d{2}-\d{4}-\d{4}-\d{4})$/, "must be a 14-digit ABHA number: 14 digits, or XX-XXXX-XXXX-XXXX"),
);

export const page = v.optional(v.pipe(queryInteger, v.minValue(1, "must be at least 1")));
/** Results per page: "max: 100". */
export const limit = v.optional(v.pipe(queryInteger, v.minValue(1, "must be at least 1"), v.maxValue(100, "must be at most 100")));
/** Ours: every page, following `current_page` to `total_pages`. */
export const all = v.optional(queryBoolean);

export const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id of letters, digits, - and _"));
