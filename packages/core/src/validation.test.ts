import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import { bookAppointment } from "./vendors/mocdoc/operations/bookAppointment";
import { parseInput } from "./validation";

describe("input validation", () => {
  it("lists every failing field with a rule, never the rejected value", () => {
    const input = { entitylocation: "l1", drkey: "d", date: "20260230", start: "7pm", fname: "", phone: "Zephyrine-9999", email: "zq@", "nick name": "Zee" };
    let error: ValidationError | undefined;
    try {
      parseInput(bookAppointment.input, input);
    } catch (err) {
      error = err as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const byPath = Object.fromEntries(error!.issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(["date", "email", "fname", "nick name", "phone", "start"]);
    expect(byPath.date).toBe("must be a real calendar date");
    expect(byPath["nick name"]).toMatch(/^must be a field name/);
    expect(JSON.stringify(error!.issues)).not.toMatch(/Zephyrine|zq@|7pm|Zee/);
  });

  it("reports missing required fields", () => {
    expect(() => parseInput(bookAppointment.input, {})).toThrow(ValidationError);
    try {
      parseInput(bookAppointment.input, {});
    } catch (err) {
      expect((err as ValidationError).issues).toContainEqual({ path: "phone", message: "is required" });
    }
  });
});
