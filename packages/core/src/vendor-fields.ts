import * as v from "valibot";

/**
 * Fields a vendor's docs leave open. Where an operation's documented request table ends in
 * "....", the vendor has more fields than it names (a clinic learns them from the vendor), so the
 * operation declares `vendorFields: "passthrough"` and fields its schema does not name are sent to
 * the vendor as given, under these rules:
 *
 * - a flat name matching VENDOR_FIELD_NAME (letters, digits, `_`; at most 64 characters);
 * - a value that is a string, a finite number, a boolean, or a JSON object or array (nested at
 *   most MAX_VENDOR_FIELD_DEPTH levels) — not null; form-encoded vendors get objects and arrays
 *   as JSON text;
 * - all of them together at most MAX_VENDOR_FIELDS_BYTES (16 KiB) as JSON;
 * - never a field the connection fills (`bodyFromConfig`, e.g. MocDoc's `entitykey`).
 *
 * Named fields keep their own validation. Failures are ordinary field issues (400, field named,
 * value never echoed). Values are never logged: inputs only reach the logger under keys it
 * redacts wholesale (`input`, `body`, `payload`…), and vendor messages are scrubbed of every input
 * value, these included.
 */
export type VendorFields = "passthrough";

export const VENDOR_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_VENDOR_FIELDS_BYTES = 16 * 1024;
export const MAX_VENDOR_FIELD_DEPTH = 8;

type ObjectLike = v.GenericSchema & { entries: v.ObjectEntries; pipe?: readonly unknown[] };

function isObjectSchema(schema: v.GenericSchema): schema is ObjectLike {
  return "entries" in schema && typeof (schema as ObjectLike).entries === "object";
}

/** Depth of a JSON value (a scalar is 0), or Infinity beyond `limit`. */
function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit === 0) return Infinity;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
}

function valueProblem(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "must be a finite number";
  if (value === null || typeof value !== "object") return "must be a string, number, boolean, object or array";
  return depthOf(value, MAX_VENDOR_FIELD_DEPTH) > MAX_VENDOR_FIELD_DEPTH ? `must be JSON nested at most ${MAX_VENDOR_FIELD_DEPTH} levels deep` : undefined;
}

/** Checks the fields `named` does not list, reporting each failing one under its own name. */
function vendorFieldRule(named: ReadonlySet<string>, reserved: ReadonlySet<string>) {
  return v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
    if (typeof dataset.value !== "object" || dataset.value === null) return;
    const input = dataset.value as Record<string, unknown>;
    const issue = (key: string, message: string) =>
      addIssue({ message, path: [{ type: "object", origin: "value", input, key, value: input[key] }] });
    const extras: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      if (named.has(key)) continue;
      if (reserved.has(key)) issue(key, "is set from the connection, not by the caller");
      else if (!VENDOR_FIELD_NAME.test(key)) issue(key, "must be a field name of letters, digits and _ (at most 64, starting with a letter)");
      else {
        const problem = valueProblem(value);
        if (problem) issue(key, problem);
        else extras[key] = value;
      }
    }
    const bytes = Buffer.byteLength(JSON.stringify(extras));
    if (bytes > MAX_VENDOR_FIELDS_BYTES) {
      const largest = Object.keys(extras).sort((a, b) => JSON.stringify(extras[b]).length - JSON.stringify(extras[a]).length)[0]!;
      issue(largest, `further vendor fields must total at most ${MAX_VENDOR_FIELDS_BYTES} bytes as JSON; this is the largest`);
    }
  });
}

/**
 * The input schema of a passthrough operation: the declared object schema (strict or not) opened
 * to further fields, checked by the rules above, then the declared pipe (so a rule such as "at
 * least one field to change" sees the vendor's fields too).
 */
export function acceptVendorFields<T>(schema: v.GenericSchema<unknown, T>, reserved: readonly string[] = []): v.GenericSchema<unknown, T> {
  if (!isObjectSchema(schema)) throw new Error(`vendorFields: "passthrough" needs an object input schema, not ${schema.type}`);
  const named = new Set(Object.keys(schema.entries));
  const open = v.looseObject(schema.entries);
  const actions = (schema.pipe ?? []).slice(1) as v.PipeItem<any, any, any>[];
  return (v.pipe as unknown as (...items: unknown[]) => v.GenericSchema<unknown, T>)(open, vendorFieldRule(named, new Set(reserved)), ...actions);
}

/** What the OpenAPI document says of the further fields an operation accepts. */
export const vendorFieldsJsonSchema = {
  description:
    `Further fields of the vendor's own, sent as given (the vendor's docs do not list every field). ` +
    `Names: ${VENDOR_FIELD_NAME.source}. Values: string, number, boolean, or JSON object/array nested at most ${MAX_VENDOR_FIELD_DEPTH} levels (form-encoded vendors receive objects and arrays as JSON text); not null. ` +
    `All further fields together: at most ${MAX_VENDOR_FIELDS_BYTES} bytes as JSON. Never logged.`,
  type: ["string", "number", "boolean", "object", "array"],
};
