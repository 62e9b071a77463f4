import { describe, expect, it } from "vitest";
import { dashedDate, hl7Timestamp, parseWallTime, spacedDateTime, utcWallTime } from "./timestamp";

describe("parseWallTime", () => {
  it("reads HL7 TS without an offset", () => {
    expect(parseWallTime("20220823092808")).toEqual({ year: 2022, month: 8, day: 23, hour: 9, minute: 28, second: 8 });
  });

  it("keeps the wall clock and offset of ISO input rather than converting to UTC", () => {
    const t = parseWallTime("2022-08-23T09:28:08.058898+05:30");
    expect(t).toEqual({ year: 2022, month: 8, day: 23, hour: 9, minute: 28, second: 8, offset: "+05:30" });
    expect(parseWallTime("2022-08-23T23:59Z")).toMatchObject({ hour: 23, minute: 59, second: 0, offset: "+00:00" });
  });

  it.each(["", "2022-08-23", "20220823", "20220230101010", "20220823246000", "2022-08-23T09:28:08+15:00", "2022-08-23 09:28:08"])(
    "rejects %j",
    (text) => {
      expect(parseWallTime(text)).toBeUndefined();
    },
  );
});

describe("formatting", () => {
  const t = { year: 2022, month: 8, day: 3, hour: 9, minute: 4, second: 5 };
  it("formats HL7 and spaced date-times", () => {
    expect(hl7Timestamp(t)).toBe("20220803090405");
    expect(spacedDateTime(t)).toBe("2022-08-03 09:04:05");
    expect(hl7Timestamp(utcWallTime(new Date("2022-08-23T10:11:46.999Z")))).toBe("20220823101146");
    expect(dashedDate("19670216")).toBe("1967-02-16");
  });
});
