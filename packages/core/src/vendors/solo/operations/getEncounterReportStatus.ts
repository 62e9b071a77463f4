import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/encounter-report/status/{reportId}: Get an encounter report's status (pending, completed, failed). */
export const getEncounterReportStatus = defineOperation({
  vendor: solo,
  name: "getEncounterReportStatus",
  summary: "Get an encounter report's status (pending, completed, failed)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/encounter-reports/{reportId}/status" },
  request: { method: "GET", path: "/encounter-report/status/{input.reportId}", contentType: "application/json" },
  input: v.strictObject({ reportId: id }),
  example: { reportId: "bd43a830-6c0b-4120-b5b8-78a117f8ee02" },
});
