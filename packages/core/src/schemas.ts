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

/**
 * Uploaded files as base64 text in JSON (MocDoc's `imagecontent`), with their name (`imagename`).
 *
 * - Strict base64: the standard alphabet, padded to a multiple of 4, `=` only as padding and no
 *   unused bits set in the last character, so the text is exactly the encoding of its bytes
 *   (no whitespace, no line breaks, no `data:` prefix, no URL-safe alphabet).
 * - At most `MAX_IMAGE_BYTES` once decoded (5 MiB). Transport limits are lower still: a Lambda
 *   request payload is at most 6 MB, so through the HTTP API about 4.4 MiB decoded is the real cap.
 * - The name's extension is one of jpg/jpeg/png/pdf and the decoded bytes start with that type's
 *   magic number (JPEG FF D8 FF, PNG 89 50 4E 47, PDF "%PDF"): `imageMatchesName` checks the pair.
 *
 * Never log these values: the logger redacts keys matching /image/.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export const IMAGE_MAGIC: Record<string, readonly number[]> = {
  jpg: [0xff, 0xd8, 0xff],
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47],
  pdf: [0x25, 0x50, 0x44, 0x46],
};
export const IMAGE_EXTENSIONS = Object.keys(IMAGE_MAGIC);

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
/** Last data character before "==" (4 of its 6 bits unused) or "=" (2 unused) must leave them 0. */
const BEFORE_DOUBLE_PAD = /[AQgw]==$/;
const BEFORE_SINGLE_PAD = /[AEIMQUYcgkosw048]=$/;

export function isStrictBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64_CHARS.test(text)) return false;
  if (text.endsWith("==")) return BEFORE_DOUBLE_PAD.test(text);
  if (text.endsWith("=")) return BEFORE_SINGLE_PAD.test(text);
  return true;
}

/** Decoded size of strict base64 text, without decoding it. */
export function base64DecodedBytes(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** The file type whose magic number the decoded bytes start with (jpeg, png or pdf), if any. */
export function sniffImageType(base64: string): "jpeg" | "png" | "pdf" | undefined {
  const head = Buffer.from(base64.slice(0, 8), "base64");
  const starts = (magic: readonly number[]) => magic.every((byte, i) => head[i] === byte);
  if (starts(IMAGE_MAGIC.jpeg!)) return "jpeg";
  if (starts(IMAGE_MAGIC.png!)) return "png";
  if (starts(IMAGE_MAGIC.pdf!)) return "pdf";
  return undefined;
}

const extensionOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();

/** True when `base64`'s bytes start with the magic number of `name`'s extension. */
export function imageMatchesName(name: string, base64: string): boolean {
  const magic = IMAGE_MAGIC[extensionOf(name) ?? ""];
  if (!magic) return false;
  const head = Buffer.from(base64.slice(0, 8), "base64");
  return magic.every((byte, i) => head[i] === byte);
}

/** A file name without path separators or control characters, ending in .jpg/.jpeg/.png/.pdf. */
export const imageName = v.pipe(
  v.string(),
  v.regex(/^[^/\\\u0000-\u001f]{1,200}$/, "must be a file name of 1 to 200 characters without path separators"),
  v.check((s) => {
    const ext = /\.(jpe?g|png|pdf)$/i.exec(s);
    return ext !== null && /[^.\s]/.test(s.slice(0, ext.index));
  }, `must end in .${IMAGE_EXTENSIONS.join(", .")} after a name`),
);

/** Strict base64 of a JPEG, PNG or PDF of at most MAX_IMAGE_BYTES. */
export const base64Image = v.pipe(
  v.string(),
  v.check(isStrictBase64, "must be base64 (standard alphabet, padded, no whitespace)"),
  // Each rule below only speaks for valid base64, so a malformed value gets one issue, not three.
  v.check((s) => !isStrictBase64(s) || base64DecodedBytes(s) <= MAX_IMAGE_BYTES, `must be at most ${MAX_IMAGE_BYTES} bytes (5 MiB) once decoded`),
  v.check((s) => !isStrictBase64(s) || sniffImageType(s) !== undefined, "must be a JPEG, PNG or PDF file"),
);

/**
 * A strict object with `imagename` and `imagecontent` (plus `entries`) whose content is of the
 * type its name's extension says; a mismatch is reported on `imagecontent`.
 */
export function imageUploadObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const object = v.strictObject({ ...entries, imagename: imageName, imagecontent: base64Image });
  return v.pipe(
    object,
    v.rawCheck<v.InferOutput<typeof object>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      // Only a valid name and valid content can be compared; their own issues say the rest.
      const own = (dataset.issues ?? []).some((i) => ["imagename", "imagecontent"].includes(String(i.path?.[0]?.key)));
      if (own) return;
      const fields = dataset.value as { imagename: string; imagecontent: string };
      if (imageMatchesName(fields.imagename, fields.imagecontent)) return;
      addIssue({
        message: "must be a file of the type imagename's extension names (JPEG, PNG or PDF)",
        path: [{ type: "object", origin: "value", input: fields, key: "imagecontent", value: fields.imagecontent }],
      });
    }),
  );
}

/** `YYYY-MM-DD` that names a real calendar day. */
export const isoDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD"),
  v.check((s) => isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), "must be a real calendar date"),
);

const DATE_TIME_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/** ISO 8601 date-time with seconds and a UTC offset (`2020-12-01T00:00:00+01:00`, or `Z`): never a local time. */
export const dateTimeWithOffset = v.pipe(
  v.string(),
  v.regex(DATE_TIME_WITH_OFFSET, "must be an ISO 8601 date-time with seconds and an offset, e.g. 2020-12-01T00:00:00+01:00"),
  v.check((s) => isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), "must be a real calendar date"),
);

/** An integer given as a number or, from a query string, as its digits. */
export const queryInteger = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+$/, "must be a whole number"), v.transform(Number))]),
  v.integer("must be a whole number"),
);

/** A boolean given as one, or from a query string as `true`/`false`. */
export const queryBoolean = v.union([v.boolean(), v.pipe(v.picklist(["true", "false"], "must be true or false"), v.transform((s) => s === "true"))]);
