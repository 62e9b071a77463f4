import { describe, expect, it } from "vitest";
import { escapeHl7 } from "./escape";

describe("escapeHl7", () => {
  it.each([
    ["|", "\\F\\"],
    ["^", "\\S\\"],
    ["~", "\\R\\"],
    ["\\", "\\E\\"],
    ["&", "\\T\\"],
    ["\r", "\\X0D\\"],
    ["\n", "\\X0A\\"],
  ])("escapes %j", (input, expected) => {
    expect(escapeHl7(input)).toBe(expected);
  });

  it("escapes the escape character once, not the escapes it produces", () => {
    expect(escapeHl7("\\F\\")).toBe("\\E\\F\\E\\");
    expect(escapeHl7("\\\\")).toBe("\\E\\\\E\\");
  });

  it("escapes mixed values and leaves other characters alone", () => {
    expect(escapeHl7("A|B^C~D\\E&F")).toBe("A\\F\\B\\S\\C\\R\\D\\E\\E\\T\\F");
    expect(escapeHl7("line 1\r\nline 2")).toBe("line 1\\X0D\\\\X0A\\line 2");
    expect(escapeHl7("Dr. Rahul A S, 0.34-5.06 mIU/mL_x")).toBe("Dr. Rahul A S, 0.34-5.06 mIU/mL_x");
  });

  it("keeps the empty string empty", () => {
    expect(escapeHl7("")).toBe("");
  });
});
