import { describe, expect, it } from "vitest";
import { FHIR_ID, hashedId, inlineId, inlineParts } from "./ids";

describe("FHIR ids", () => {
  it("round-trip a record's key within FHIR's id alphabet", () => {
    for (const parts of [["Appointment", "1000", "297000", "790000", "51330180"], ["Location", "location1"], ["Slot", "dr-arthi", "20261201", "10:00"], ["P", "ü€😀"]]) {
      const id = inlineId(parts)!;
      expect(id).toMatch(FHIR_ID);
      expect(inlineParts(id)).toEqual(parts);
    }
  });

  it("pack keys of many numeric ids that would not fit joined", () => {
    const parts = ["Slot", "100012345", "297000123", "790000456", "1796169600", "+01:00", "728015999", "30"];
    const id = inlineId(parts)!;
    expect(id).toMatch(FHIR_ID);
    expect(id.startsWith("3")).toBe(true);
    expect(inlineParts(id)).toEqual(parts);
    // Numbers with leading zeros are text, so they come back as they went.
    expect(inlineParts(inlineId(["Location", "007", "0"])!)).toEqual(["Location", "007", "0"]);
  });

  it("refuse what does not fit, and what is not one of ours", () => {
    expect(inlineId(["x".repeat(60)])).toBeUndefined();
    for (const bad of ["", "0abc", "1abc_", "1A", "1" + "A".repeat(64)]) expect(inlineParts(bad)).toBeUndefined();
  });

  it("hash long or sensitive keys into a stable id of the connection", () => {
    const a = hashedId("c1", "Patient", ["MD-1", "9000000001"]);
    expect(a).toMatch(FHIR_ID);
    expect(a).toBe(hashedId("c1", "Patient", ["MD-1", "9000000001"]));
    expect(a).not.toBe(hashedId("c2", "Patient", ["MD-1", "9000000001"]));
    expect(a).not.toContain("9000000001");
  });
});
