import * as v from "valibot";
import { dateTimeWithOffset, isoDate, queryBoolean, queryInteger } from "../../schemas";

/**
 * Input pieces the generated Docplanner operations share (contract/generate.ts emits references
 * to these). Field names are the contract's own.
 */

/** A Docplanner id in a path: the contract types ids as strings; no separators, so it stays one segment. */
export const id = v.pipe(v.string(), v.regex(/^[^\s/\\?#%]{1,64}$/, "must be an id of 1 to 64 characters without spaces or slashes"));

/**
 * A `with` expansion list: the contract's style=simple array, so `a,b` in a query string, or an
 * array from JSON. Each value must be one the endpoint documents, and none twice.
 */
export function scopes<const T extends readonly [string, ...string[]]>(values: T) {
  return v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((given) => (typeof given === "string" ? given.split(",").map((s) => s.trim()).filter(Boolean) : given)),
    v.array(v.picklist(values, `must be among: ${values.join(", ")}`)),
    v.check((list) => new Set(list).size === list.length, "must not name an expansion twice"),
  );
}

/**
 * The patient's `phone` and `nin`: the contract (1.14.0) types them as strings, the reference
 * text's bookSlot example sends numbers (`"phone": 48123123123`, `"nin": 894237492`). Either is
 * accepted and sent as given, so a clinic on either reading is served.
 */
export const stringOrNumber = v.union([v.pipe(v.string(), v.minLength(1, "must not be empty")), v.pipe(v.number(), v.integer("must be a whole number"))]);

const instant = (s: string) => Date.parse(s);

/**
 * `to` must not come before `from`, and (where the vendor documents a limit) the range may span at
 * most `maxDays` days: checked before any call (getSlots: 180 days, contract 1.9.3). Reported on `to`.
 */
export function dateRange<TInput extends Record<string, unknown>>(from: keyof TInput & string, to: keyof TInput & string, maxDays?: number) {
  return v.rawCheck<TInput>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const start = dataset.value[from];
    const end = dataset.value[to];
    if (typeof start !== "string" || typeof end !== "string") return;
    const span = instant(end) - instant(start);
    const issue = (message: string) => addIssue({ message, path: [{ type: "object", origin: "value", input: dataset.value, key: to, value: end }] });
    if (span < 0) issue(`must not be before ${from}`);
    else if (maxDays !== undefined && span > maxDays * 86_400_000) issue(`must be at most ${maxDays} days after ${from}`);
  });
}

export { dateTimeWithOffset as dateTime, isoDate, queryBoolean, queryInteger };
