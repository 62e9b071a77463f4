import { describe, expect, it } from "vitest";
import { mshSegment, segment } from "./segment";

describe("segment", () => {
  it("places fields by position, leaves gaps empty and drops trailing empty fields", () => {
    expect(segment("PID", { 3: "2201007", 5: "Ms. LEELA", 8: "", 9: undefined })).toBe("PID|||2201007||Ms. LEELA");
  });

  it("joins components and escapes each value", () => {
    expect(segment("OBR", { 2: ["1", "A^B", undefined, ""] })).toBe("OBR||1^A\\S\\B^^");
  });

  it("treats a field whose components are all empty as empty", () => {
    expect(segment("PID", { 3: "1", 11: [undefined, "", undefined] })).toBe("PID|||1");
  });

  it("writes MSH-1 and MSH-2 raw and numbers the rest from MSH-3", () => {
    expect(mshSegment({ 3: "APP", 5: "IP", 9: ["OML", "O21"] })).toBe("MSH|^~\\&|APP||IP||||OML^O21");
  });
});
