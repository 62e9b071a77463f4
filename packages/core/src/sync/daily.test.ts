import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defineOperation } from "../catalogue";
import { mocdoc } from "../vendors/mocdoc/vendor";
import { dailyDataset } from "./daily";

const op = (input: v.ObjectSchema<any, any>) =>
  defineOperation({
    vendor: mocdoc,
    name: "x",
    summary: "x",
    kind: "read",
    pacingClass: "default",
    route: { method: "GET", path: "/x" },
    request: { method: "POST", path: "/api/x/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
    input,
  });
const scope = { locations: ["l1", "l2"], windows: [{ start: "00:00", end: "11:59" }, { start: "12:00", end: "23:59" }] };

describe("daily datasets", () => {
  it("fans out one call per location", () => {
    const ds = dailyDataset("opVisits", op(v.object({ date: v.string(), entitylocation: v.string() })), ["date"]);
    expect(ds.calls("20261120", scope)).toEqual([
      { date: "20261120", entitylocation: "l1" },
      { date: "20261120", entitylocation: "l2" },
    ]);
  });

  it("fans out one call per time window, covering the day", () => {
    const ds = dailyDataset("labOrders", op(v.object({ date: v.string(), starttime: v.string(), endtime: v.string() })), ["date"]);
    expect(ds.calls("20261120", scope)).toEqual([
      { date: "20261120", starttime: "00:00", endtime: "11:59" },
      { date: "20261120", starttime: "12:00", endtime: "23:59" },
    ]);
  });

  it("fills one-day ranges and refuses fields the operation does not take", () => {
    const ds = dailyDataset("checkedIn", op(v.object({ startdate: v.string(), enddate: v.string() })), ["startdate", "enddate"]);
    expect(ds.calls("20261120", scope)).toEqual([{ startdate: "20261120", enddate: "20261120" }]);
    expect(() => dailyDataset("bad", op(v.object({ date: v.string() })), ["registrationdate"])).toThrow(/no input field registrationdate/);
  });
});
