import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { dateTimeWithOffset } from "../../../schemas";
import { text } from "../fields";
import { solo } from "../vendor";

/**
 * POST /qapi/v1/encounter-report/create, then GET …/status/{reportId} until it is completed (or
 * failed), then GET …/download/{reportId}: as one job. Our route answers 202 with the job at once;
 * the job ends with a short-lived download link to the zip (`switchboard.job.succeeded` carries
 * it). The docs mark none of the four fields required, but describe the order as "for a specific
 * date range and preset (with a password)": all four are required here. `from`/`to` are sent in
 * PHP's ATOM format (`2024-08-15T15:52:01+00:00`), in UTC, from an ISO 8601 date-time or Unix seconds.
 */
const ATOM = "must be an ISO 8601 date-time with an offset, or Unix seconds";
const atom = v.pipe(
  v.union([v.pipe(v.number(), v.integer(), v.minValue(0)), dateTimeWithOffset], ATOM),
  v.transform((t) => `${new Date(typeof t === "number" ? t * 1000 : Date.parse(t)).toISOString().slice(0, 19)}+00:00`),
);

const reportId = (started: unknown) => ({ reportId: (started as { id?: unknown } | null)?.id });

export const createEncounterReport = defineOperation({
  vendor: solo,
  name: "createEncounterReport",
  summary: "Order an encounter report and get it as a download link when ready (a job)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/encounter-reports" },
  request: { method: "POST", path: "/encounter-report/create", contentType: "application/json" },
  input: v.strictObject({ from: atom, to: atom, presetId: text, password: text }),
  example: { from: "2024-08-15T00:00:00+00:00", to: "2024-08-16T00:00:00+00:00", presetId: "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469", password: "choose-a-strong-one" },
  completion: {
    status: {
      operationId: "solo.getEncounterReportStatus",
      input: reportId,
      state: (answer) => {
        const status = String((answer as { status?: unknown } | null)?.status ?? "").toLowerCase();
        return status === "completed" ? "done" : status === "failed" ? "failed" : "pending";
      },
    },
    result: { operationId: "solo.downloadEncounterReport", input: reportId },
    backoff: { firstMs: 2_000, maxMs: 60_000, giveUpMs: 2 * 3_600_000 },
  },
});
