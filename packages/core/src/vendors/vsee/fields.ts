import * as v from "valibot";
import { isoDate, queryBoolean } from "../../schemas";

/**
 * Field schemas VSee's operations share. VSee takes numbers as text in its form bodies, so the
 * numeric codes accept a number or its digits, and each code's meaning is named in the OpenAPI
 * document (a `title` per value).
 */
type Codes = readonly (readonly [number, string])[];

function codeField(codes: Codes, what: string) {
  const digits = codes.map(([code]) => String(code)) as [string, ...string[]];
  const message = `must be ${what}: ${codes.map(([code, name]) => `${code} (${name})`).join(", ")}`;
  return v.pipe(
    v.union([...codes.map(([code, name]) => v.pipe(v.literal(code), v.title(name))), v.pipe(v.picklist(digits), v.transform(Number))], message),
    v.description(message.replace(/^must be /, "").replace(/^./, (c) => c.toUpperCase())),
  );
}

/** Visit types (the issue and VSee's intake docs: 1 walk-in, 2 appointment/"schedule", 3 e-consult). */
export const visitType = codeField(
  [
    [1, "walk-in"],
    [2, "appointment"],
    [3, "e-consult"],
  ],
  "a visit type",
);

/**
 * Visit statuses. The docs name none of them; the titles say where each appears in their examples.
 */
export const visitStatus = codeField(
  [
    [10, "as a walk-in just added"],
    [20, "as a new e-consult or an upcoming appointment"],
    [30, "as an appointment under way"],
    [40, "as a completed visit (completed_by set)"],
  ],
  "a visit status",
);

/** SSO user types (VSee's User API: 200 member, 400 provider, 600 guest). */
export const userType = codeField(
  [
    [200, "member (patient)"],
    [400, "provider"],
    [600, "guest"],
  ],
  "a user type",
);

/** VSee's ids: numeric ids as number or digits, and UUID-like ids (intakes, invoices) as text. */
export const vseeId = v.union(
  [v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id of letters, digits, - and _"))],
  "must be an id (a number, or letters, digits, - and _)",
);

/** A path id: text from our route. */
export const pathId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an id of letters, digits, - and _"));

const DIGITS = /^\d{1,12}$/;

/**
 * An instant as VSee takes it, Unix seconds (`slot_start=1470669300`): a number, its digits, or
 * an ISO 8601 date-time with an offset, which we convert, so apps need not do it.
 */
export const unixSeconds = v.pipe(
  v.union(
    [
      v.pipe(v.number(), v.integer(), v.minValue(0), v.transform(String)),
      v.pipe(v.string(), v.regex(DIGITS)),
      v.pipe(
        v.string(),
        v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/),
        v.transform((s) => String(Math.floor(Date.parse(s) / 1000))),
        v.regex(DIGITS),
      ),
    ],
    "must be Unix seconds, or an ISO 8601 date-time with an offset",
  ),
  v.description("Unix seconds (as VSee takes it), or an ISO 8601 date-time with an offset, converted for you"),
);

export const dob = isoDate;

/** VSee's flags in form bodies (`reset=true`, `disable_emails=1`). */
export const flag = v.union([queryBoolean, v.picklist([0, 1]), v.picklist(["0", "1"])], "must be true/false or 0/1");

/** A phone number as VSee's examples write it (`7123456789`, `(334) 229-4100`). */
export const phone = v.pipe(v.string(), v.regex(/^\+?[0-9 ()-]{6,20}$/, "must be a phone number of digits, spaces, ( ) and -"));
