import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { isoDate } from "../../../schemas";
import { solo } from "../vendor";

/** GET /qapi/v1/reports/csv-data-dump: Download the CSV data report for a date range. "A binary file in CSV format": answered as the file (or a download link when large). Both dates are required. */
export const getCsvReport = defineOperation({
  vendor: solo,
  name: "getCsvReport",
  summary: "Download the CSV data report for a date range",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/reports/csv" },
  request: { method: "GET", path: "/reports/csv-data-dump", contentType: "application/json" },
  input: v.strictObject({ from: isoDate, to: isoDate }),
  example: { from: "2020-02-10", to: "2020-02-11" },
  response: { binary: true, fileName: (input) => `solo-report-${String(input.from)}-${String(input.to)}.csv` },
});
