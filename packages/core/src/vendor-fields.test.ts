import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { issuesOf } from "./validation";
import { acceptVendorFields, MAX_VENDOR_FIELD_DEPTH, MAX_VENDOR_FIELDS_BYTES } from "./vendor-fields";

const schema = acceptVendorFields(
  v.pipe(
    v.strictObject({ id: v.string(), when: v.optional(v.pipe(v.string(), v.regex(/^\d{8}$/, "must be a date as YYYYMMDD"))) }),
    v.check((input) => Object.keys(input).length > 1, "must change at least one field besides id"),
  ),
  ["entitykey"],
);

function issues(input: unknown) {
  const parsed = v.safeParse(schema, input);
  return parsed.success ? [] : issuesOf(parsed.issues);
}

const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { child: nested(depth - 1) });

describe("further vendor fields", () => {
  it("pass through unchanged beside the named fields, scalars and JSON alike", () => {
    const input = { id: "p1", when: "20260105", nationality: "IN", visits: 3, vip: false, kin: { name: "x", codes: [1, "2"] }, tags: ["a"] };
    expect(v.parse(schema, input)).toEqual(input);
  });

  it("leave the named fields' own validation in place", () => {
    expect(issues({ id: "p1", when: "5 Jan", nationality: "IN" })).toEqual([{ path: "when", message: "must be a date as YYYYMMDD" }]);
    expect(issues({ when: "20260105" })).toContainEqual({ path: "id", message: "is required" });
  });

  it("count for the declared checks", () => {
    expect(issues({ id: "p1" })).toEqual([{ path: "(root)", message: "must change at least one field besides id" }]);
    expect(issues({ id: "p1", nationality: "IN" })).toEqual([]);
  });

  it("need flat names of letters, digits and _, starting with a letter, at most 64 characters", () => {
    const ok = { id: "p1", a: 1, B_2: 1, [`x${"y".repeat(63)}`]: 1 };
    expect(issues(ok)).toEqual([]);
    for (const name of ["kin.name", "kin-name", "_x", "1st", "kin name", "ünï", `x${"y".repeat(64)}`, "a[0]"]) {
      expect(issues({ id: "p1", [name]: 1 }), name).toEqual([{ path: name, message: "must be a field name of letters, digits and _ (at most 64, starting with a letter)" }]);
    }
  });

  it("refuse null and JSON nested too deep", () => {
    expect(issues({ id: "p1", gone: null })).toEqual([{ path: "gone", message: "must be a string, number, boolean, object or array" }]);
    expect(issues({ id: "p1", ok: nested(MAX_VENDOR_FIELD_DEPTH) })).toEqual([]);
    expect(issues({ id: "p1", deep: nested(MAX_VENDOR_FIELD_DEPTH + 1) })).toEqual([{ path: "deep", message: `must be JSON nested at most ${MAX_VENDOR_FIELD_DEPTH} levels deep` }]);
    // Far deeper than any stack would allow to stringify: refused, not a crash.
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issues({ id: "p1", deep }).map((i) => i.path)).toEqual(["deep"]);
  });

  it("are bounded in total size, the largest named when over", () => {
    const overhead = Buffer.byteLength(JSON.stringify({ a: "", b: "" }));
    const exactly = { a: "x".repeat(MAX_VENDOR_FIELDS_BYTES - overhead - 10), b: "y".repeat(10) };
    expect(Buffer.byteLength(JSON.stringify(exactly))).toBe(MAX_VENDOR_FIELDS_BYTES);
    expect(issues({ id: "p1", ...exactly })).toEqual([]);
    const over = { ...exactly, b: "y".repeat(11) };
    expect(issues({ id: "p1", ...over })).toEqual([{ path: "a", message: `further vendor fields must total at most ${MAX_VENDOR_FIELDS_BYTES} bytes as JSON; this is the largest` }]);
    // Named fields do not count towards the bound.
    expect(issues({ id: "x".repeat(MAX_VENDOR_FIELDS_BYTES), a: 1 })).toEqual([]);
  });

  it("never override what the connection sets", () => {
    expect(issues({ id: "p1", entitykey: "someone-else" })).toEqual([{ path: "entitykey", message: "is set from the connection, not by the caller" }]);
  });

  it("report every failing field at once, never the value", () => {
    const found = issues({ id: "p1", when: "bad", "a b": "Zephyrine", gone: null, entitykey: "E" });
    expect(found.map((i) => i.path).sort()).toEqual(["a b", "entitykey", "gone", "when"]);
    expect(JSON.stringify(found)).not.toContain("Zephyrine");
  });

  it("need an object schema", () => {
    expect(() => acceptVendorFields(v.string())).toThrow(/object input schema/);
  });
});
