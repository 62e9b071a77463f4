import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/encounter-report/download/{reportId}: Download a completed encounter report (a password-protected zip of CSV). */
export const downloadEncounterReport = defineOperation({
  vendor: solo,
  name: "downloadEncounterReport",
  summary: "Download a completed encounter report (a password-protected zip of CSV)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/encounter-reports/{reportId}/download" },
  request: { method: "GET", path: "/encounter-report/download/{input.reportId}", contentType: "application/json" },
  input: v.strictObject({ reportId: id }),
  example: { reportId: "bd43a830-6c0b-4120-b5b8-78a117f8ee02" },
  response: { binary: true, fileName: (input) => `encounter-report-${String(input.reportId)}.zip` },
});
