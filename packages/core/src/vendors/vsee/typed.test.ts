import { describe, expect, it } from "vitest";
import { TYPED_KEY, withTypedFields } from "./typed";

/** Vectors from the docs' own answers (vsee-clinic-api.txt). */
describe("VSee's typed fields", () => {
  it("adds ISO instants and numeric codes beside the walk-in answer's strings, keeping them", () => {
    const walkin = { id: "1525", member_id: "508", start: "1458095488", end: "1458096388", actual_start: null, type: "1", status: "10", created: 1458095488, payment: { duration: 15, amount: "00.00" } };
    expect(withTypedFields({ data: walkin })).toEqual({
      data: {
        ...walkin,
        [TYPED_KEY]: { start: "2016-03-16T02:31:28.000Z", end: "2016-03-16T02:46:28.000Z", type: 1, status: 10, created: "2016-03-16T02:31:28.000Z" },
      },
    });
  });

  it("types the e-consult answer's numbers the same way, at every depth, and lists in place", () => {
    const econsult = { start: 1615909605, type: 3, status: 20, member: { type: "200", id: "14396847" }, invoice: { status: 10, modified: 1615909605 } };
    const typed = withTypedFields({ data: [econsult] }) as { data: [Record<string, any>] };
    expect(typed.data[0][TYPED_KEY]).toEqual({ start: "2021-03-16T15:46:45.000Z", type: 3, status: 20 });
    expect(typed.data[0].member[TYPED_KEY]).toEqual({ type: 200 });
    expect(typed.data[0].invoice[TYPED_KEY]).toEqual({ status: 10, modified: "2021-03-16T15:46:45.000Z" });
  });

  it("reads {sec, usec} instants to the millisecond", () => {
    const attachment = { _id: "57b4", type: 0, modified: { sec: 1471465053, usec: 966000 } };
    expect((withTypedFields(attachment) as Record<string, unknown>)[TYPED_KEY]).toEqual({ type: 0, modified: "2016-08-17T20:17:33.966Z" });
  });

  it("adds nothing where nothing is typed, and skips values that are not times or codes", () => {
    expect(withTypedFields({ data: { url: "https://x/summary.pdf" } })).toEqual({ data: { url: "https://x/summary.pdf" } });
    expect(withTypedFields({ start: null, end: "", status: "open", type: "1.5" })).toEqual({ start: null, end: "", status: "open", type: "1.5" });
  });
});
